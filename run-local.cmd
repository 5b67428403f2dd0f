@REM Builds the services and starts the whole system locally: a real Kafka broker and PostgreSQL
@REM (embedded, no Docker) and the four services as processes. The Windows twin of run-local.sh;
@REM arguments go to the local stack (--fresh, --import DIR, --data DIR, --replicas ranking=3).
@echo off
setlocal
cd /d "%~dp0"
call mvnw.cmd -B -q -DskipTests -Dspotless.check.skip=true package || exit /b 1
set "JAVA_CMD=java"
if defined JAVA_HOME set "JAVA_CMD=%JAVA_HOME%\bin\java"
"%JAVA_CMD%" -jar local-stack\target\local-stack.jar %*

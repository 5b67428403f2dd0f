package babynames.localstack;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which just-in-time compilers a service process uses. {@code tiered} is the JVM's default (C1
 * first, C2 for the hot code) and what the images run. {@code c1} stops at C1: its code is slower
 * at peak, but on 2 cores six freshly started JVMs then stop competing with C2's compilations for
 * the first minute or two (decision 0019).
 */
public enum JitMode {
    TIERED(List.of()),
    C1(List.of("-XX:TieredStopAtLevel=1"));

    /** {@code tiered} (the default) or {@code c1}. */
    public static final String SETTING = "LOCAL_JIT";

    private final List<String> jvmFlags;

    JitMode(List<String> jvmFlags) {
        this.jvmFlags = jvmFlags;
    }

    /** The mode {@value #SETTING} in {@code env} names; tiered when it names none. */
    public static JitMode fromEnvironment(Map<String, String> env) {
        String setting = env.getOrDefault(SETTING, "").trim();
        return switch (setting) {
            case "", "tiered" -> TIERED;
            case "c1" -> C1;
            default -> throw new IllegalArgumentException(SETTING + " is tiered or c1, not '" + setting + "'");
        };
    }

    /** The flags that select it, added to {@link JvmSettings#flags}. */
    public List<String> jvmFlags() {
        return jvmFlags;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package babynames.systemtests;

import babynames.embedded.Database;
import babynames.events.TopicNames;
import babynames.localstack.JitMode;
import babynames.localstack.ServiceStack;
import babynames.testsupport.BackingServices;
import babynames.testsupport.MetricsEndpoint;
import babynames.testsupport.TestNames;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stack of the test's own: its own database, topics (a unique prefix) and consumer group, on the
 * broker and PostgreSQL shared by the test JVM, with the log lines kept for assertions.
 */
final class RankerHarness {
    final String kafka;
    final Database database;
    final List<String> log = new CopyOnWriteArrayList<>();
    final String topicPrefix = TestNames.unique().toLowerCase(java.util.Locale.ROOT) + ".";
    final TopicNames topics = TopicNames.withPrefix(topicPrefix);
    final ServiceStack stack;

    RankerHarness(Map<String, String> extraEnv) {
        this(
                BackingServices.shared().kafkaBootstrapServers(),
                BackingServices.shared().newDatabase(),
                extraEnv);
    }

    /** On a broker and database of the caller's (which it may stop and start: the fault tests). */
    RankerHarness(String kafka, Database database, Map<String, String> extraEnv) {
        this.kafka = kafka;
        this.database = database;
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.putIfAbsent("KAFKA_GROUP_ID", "ranker-" + TestNames.unique());
        env.put("KAFKA_TOPIC_PREFIX", topicPrefix);
        // C1 only: these tests check books and behaviour, not latency, and start services by the
        // dozen; C2 would spend a third of the machine compiling code the next restart discards
        // (decision 0019).
        this.stack = new ServiceStack(
                ServiceStack.findRepoRoot(),
                kafka,
                database,
                ServiceStack.freePorts(),
                env,
                line -> {
                    log.add(line);
                    System.out.println(line);
                },
                JitMode.C1);
    }

    /** The four services started and ready, on a harness of their own. */
    static ServiceStack runningStack() {
        ServiceStack stack = new RankerHarness(Map.of()).stack;
        stack.startAll();
        stack.awaitAllReady(java.time.Duration.ofMinutes(2));
        return stack;
    }

    String kafka() {
        return kafka;
    }

    /** The ranker's consumer lag as its /prometheus reports it, or -1 while it cannot say. */
    long rankerLag() {
        return rankingGauge("babynames_ranking_consumer_lag");
    }

    /** A gauge (a series without labels) of ranking-service's /prometheus, or -1 while it cannot say. */
    long rankingGauge(String name) {
        double value = MetricsEndpoint.gauge(stack.url(ServiceStack.Service.RANKING), name);
        return Double.isNaN(value) ? -1 : (long) value;
    }

    /** Every row of name_counts as "sex:name" to "baseline+registered", for comparing whole tables. */
    Map<String, String> allCounts() throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                ResultSet result =
                        c.createStatement().executeQuery("SELECT sex, name, baseline, registered FROM name_counts")) {
            while (result.next()) {
                rows.put(result.getString(1) + ":" + result.getString(2), result.getLong(3) + "+" + result.getLong(4));
            }
        }
        return rows;
    }

    long top10Version(String sex) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                var query = c.prepareStatement("SELECT version FROM top10_snapshots WHERE sex = ?")) {
            query.setString(1, sex);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}

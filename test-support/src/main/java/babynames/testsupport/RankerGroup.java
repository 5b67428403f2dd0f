package babynames.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** The rankers' consumer group as the broker sees it: the moment every ranker holds a partition. */
public final class RankerGroup {
    private static final Duration POLL = Duration.ofMillis(50);

    private RankerGroup() {}

    /**
     * Waits until {@code group} is stable with exactly {@code rankers} members, each assigned a
     * partition; what the broker last said of the group is in the failure when it never is.
     */
    public static void awaitEachWithAPartition(String bootstrapServers, String group, int rankers, Duration atMost) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await(rankers + " rankers each with a partition of " + group)
                    .atMost(atMost)
                    .pollInterval(POLL)
                    .untilAsserted(() -> {
                        ConsumerGroupDescription description = describe(admin, group);
                        if (description == null || !eachWithAPartition(description, rankers)) {
                            throw new AssertionError("not yet: " + (description == null ? "no member" : description));
                        }
                    });
        }
    }

    static boolean eachWithAPartition(ConsumerGroupDescription group, int rankers) {
        long assigned = group.members().stream()
                .filter(member -> !member.assignment().topicPartitions().isEmpty())
                .count();
        return group.groupState() == GroupState.STABLE && group.members().size() == rankers && assigned == rankers;
    }

    /** The group now, or null while no ranker has joined it yet. */
    private static ConsumerGroupDescription describe(Admin admin, String group)
            throws InterruptedException, ExecutionException {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw e;
        }
    }
}

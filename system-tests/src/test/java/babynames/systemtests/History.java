package babynames.systemtests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a run did, recorded as it happened (in the way of Jepsen's histories): every registration
 * Kafka acknowledged, every top-10 version a reader saw, every {@code top10-changed} record. Checked
 * whole at the end ({@link #violations}), each broken invariant named with the ids, names or
 * versions involved.
 */
final class History {
    /** A top-10 version as some reader saw it, in the order that reader saw them. */
    record VersionSeen(String reader, String sex, long version) {}

    /** A {@code top10-changed} record: a version of a sex and what it listed. */
    record Published(String sex, long version, String names) {}

    private final Map<UUID, String> accepted = new ConcurrentHashMap<>();
    private final List<VersionSeen> versionsSeen = new CopyOnWriteArrayList<>();
    private final List<Published> published = new CopyOnWriteArrayList<>();

    void accepted(UUID eventId, String name) {
        accepted.put(eventId, name);
    }

    void versionSeen(String reader, String sex, long version) {
        versionsSeen.add(new VersionSeen(reader, sex, version));
    }

    void published(String sex, long version, String names) {
        published.add(new Published(sex, version, names));
    }

    int acceptedCount() {
        return accepted.size();
    }

    /** How many registrations of each name were accepted: what the counts must be. */
    Map<String, Long> acceptedPerName() {
        Map<String, Long> perName = new TreeMap<>();
        accepted.values().forEach(name -> perName.merge(name, 1L, Long::sum));
        return perName;
    }

    /**
     * Every invariant the run broke, given the counts the database holds per name: each accepted
     * registration counted exactly once (no name counted more or less than accepted), one content
     * per published version, and no reader ever seeing a version go back.
     */
    List<String> violations(Map<String, Long> counted) {
        List<String> violations = new ArrayList<>();
        Map<String, Long> expected = acceptedPerName();
        for (String name : expected.keySet()) {
            long want = expected.get(name);
            long got = counted.getOrDefault(name, 0L);
            if (got != want) {
                violations.add((got > want ? "counted twice: " : "lost: ") + name + " accepted " + want
                        + " times, counted " + got);
            }
        }
        counted.keySet().stream()
                .filter(name -> !expected.containsKey(name))
                .forEach(name -> violations.add("counted but never accepted: " + name));

        Map<String, String> contentOfVersion = new TreeMap<>();
        for (Published record : published) {
            String key = record.sex() + " v" + record.version();
            String before = contentOfVersion.putIfAbsent(key, record.names());
            if (before != null && !before.equals(record.names())) {
                violations.add("two contents for " + key + ": " + before + " and " + record.names());
            }
        }

        Map<String, Long> lastSeen = new TreeMap<>();
        for (VersionSeen seen : versionsSeen) {
            String key = seen.reader() + "/" + seen.sex();
            Long before = lastSeen.put(key, seen.version());
            if (before != null && seen.version() < before) {
                violations.add("version went back for " + key + ": " + before + " then " + seen.version());
            }
        }
        return violations;
    }

    /** A line for the test's output. */
    String summary(Map<String, Long> counted) {
        long total = counted.values().stream().mapToLong(Long::longValue).sum();
        long versions =
                published.stream().map(p -> p.sex() + p.version()).distinct().count();
        return "accepted=" + accepted.size() + " counted=" + total + " versions-published=" + versions
                + " published-records=" + published.size() + " versions-seen=" + versionsSeen.size()
                + " names=" + Objects.requireNonNull(acceptedPerName()).size();
    }
}

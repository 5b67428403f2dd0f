package babynames.systemtests;

import babynames.localstack.ServiceStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The operations files of the repository (compose, Prometheus, Grafana), read for checks. */
final class OpsFiles {
    static final Path ROOT = ServiceStack.findRepoRoot();
    private static final Pattern METRIC = Pattern.compile("\\bbabynames_[a-z_]+");

    private OpsFiles() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String path) {
        try {
            return new Yaml().load(Files.readString(ROOT.resolve(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every PromQL expression of the dashboard and the alert rules. */
    @SuppressWarnings("unchecked")
    static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        // JSON is YAML: one parser for both.
        Map<String, Object> dashboard = yaml("ops/grafana/dashboards/babynames.json");
        for (Object panel : (List<Object>) dashboard.get("panels")) {
            for (Object target : (List<Object>) ((Map<String, Object>) panel).get("targets")) {
                expressions.add((String) ((Map<String, Object>) target).get("expr"));
            }
        }
        for (Map<String, Object> rule : rules()) {
            expressions.add((String) rule.get("expr"));
        }
        return expressions;
    }

    /** Every recording and alerting rule of ops/prometheus/rules/babynames.yml, all groups in order. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group :
                (List<Object>) yaml("ops/prometheus/rules/babynames.yml").get("groups")) {
            for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
                rules.add((Map<String, Object>) rule);
            }
        }
        return rules;
    }

    /** The service metrics those expressions read (recording rules, named with colons, left out). */
    static Set<String> metricsQueried() {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions()) {
            Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }
}

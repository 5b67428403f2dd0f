package babynames.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * The objects an overlay of {@code deploy/kubernetes} renders to, as {@code kubectl kustomize}
 * renders them, with the look-ups the checks need.
 */
final class KubernetesManifests {
    static final Path ROOT = OpsFiles.ROOT.resolve("deploy/kubernetes");
    static final List<String> OVERLAYS = List.of("base", "overlays/local", "overlays/production");

    final String overlay;
    final String yaml;
    final List<Map<String, Object>> objects;

    private KubernetesManifests(String overlay, String yaml, List<Map<String, Object>> objects) {
        this.overlay = overlay;
        this.yaml = yaml;
        this.objects = objects;
    }

    /** kubectl, if this machine has it (Debian's kubectl package; {@code .ci/install-packages} installs it). */
    static Optional<Path> kubectl() {
        return onPath("kubectl");
    }

    static Optional<Path> onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    static KubernetesManifests render(Path kubectl, String overlay) throws IOException, InterruptedException {
        String output = ExternalCommand.of(
                        ROOT,
                        List.of(
                                kubectl.toString(),
                                "kustomize",
                                ROOT.resolve(overlay).toString()))
                .run()
                .outputIfSucceeded();
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(output)) {
            if (document != null) {
                objects.add((Map<String, Object>) document);
            }
        }
        return new KubernetesManifests(overlay, output, objects);
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    /** The variables a Deployment's container gets: its env entries and its ConfigMaps' keys, by name. */
    @SuppressWarnings("unchecked")
    Map<String, Object> environment(Map<String, Object> container) {
        Map<String, Object> env = new LinkedHashMap<>();
        for (Object from : list(container.get("envFrom"))) {
            String configMap = (String)
                    map(((Map<String, Object>) from).get("configMapRef")).get("name");
            Map<String, Object> data = map(find("ConfigMap", configMap)
                    .orElseThrow(() -> new AssertionError(overlay + ": no ConfigMap " + configMap))
                    .get("data"));
            env.putAll(data);
        }
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> variable = (Map<String, Object>) entry;
            env.put((String) variable.get("name"), variable.containsKey("value") ? variable.get("value") : variable);
        }
        return env;
    }

    static String name(Map<String, Object> object) {
        return (String) map(object.get("metadata")).get("name");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload.get("spec")).get("template")).get("spec"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> podLabels(Map<String, Object> workload) {
        return map(map(map(map(workload.get("spec")).get("template")).get("metadata"))
                .get("labels"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(Map<String, Object> workload) {
        List<Object> containers = list(podSpec(workload).get("containers"));
        if (containers.size() != 1) {
            throw new AssertionError(name(workload) + " has one container, not " + containers.size());
        }
        return (Map<String, Object>) containers.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}

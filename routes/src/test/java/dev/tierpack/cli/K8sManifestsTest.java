package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.campaign.config.ColdTierConfig;
import dev.tierpack.campaign.config.WarmTierConfig;
import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.core.source.SourceCredentials;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.core.tier.TierCredentials;
import dev.tierpack.packer.format.PackId;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every manifest of {@code k8s/} parses into typed Kubernetes objects (fabric8 model; no field the model does not
 * know) and agrees with the application: the image and JVM of the Dockerfile, the arguments (parsed by the real
 * command line), the campaign file in the ConfigMap (loaded by the real campaign-file loader), the secret files it
 * names, ports, probes, volume mounts, the Strimzi topics (as {@link CampaignTopics} creates them) and the IAM
 * policies (exactly the S3 actions the tier and source code calls).
 */
class K8sManifestsTest {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();
    private static final String CONFIG_MOUNT = "/etc/tierpack/campaign";
    private static final int METRICS_PORT = 9404;
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Namespace", Namespace.class, "ServiceAccount", ServiceAccount.class, "ConfigMap", ConfigMap.class,
            "Secret", Secret.class, "Service", Service.class, "StatefulSet", StatefulSet.class,
            "Deployment", Deployment.class, "PodDisruptionBudget", PodDisruptionBudget.class);

    static Path root;
    static Path k8s;
    static final Map<String, HasMetadata> base = new LinkedHashMap<>();
    static final List<GenericKubernetesResource> strimzi = new ArrayList<>();
    static CampaignConfig config;

    @TempDir static Path tmp;

    @BeforeAll
    static void load() throws IOException {
        root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("k8s/base/kustomization.yaml"))) {
            root = root.getParent();
            assertThat(root).as("repository root with k8s/").isNotNull();
        }
        k8s = root.resolve("k8s");
        JsonNode kustomization = YAML.readTree(k8s.resolve("base/kustomization.yaml").toFile());
        Set<String> listed = new TreeSet<>();
        kustomization.get("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(k8s.resolve("base"))) {
            Set<String> present = new TreeSet<>(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList());
            assertThat(present).as("every manifest of k8s/base is in the kustomization, and only those").isEqualTo(listed);
        }
        for (String file : listed) {
            for (JsonNode doc : docs(k8s.resolve("base").resolve(file))) {
                String kind = doc.path("kind").asText();
                assertThat(KINDS).as("kind of a document in %s", file).containsKey(kind);
                HasMetadata object = YAML.treeToValue(doc, KINDS.get(kind));
                assertKnownFieldsOnly(object, file + ":" + kind);
                String key = kind + "/" + object.getMetadata().getName();
                assertThat(base.put(key, object)).as("duplicate %s", key).isNull();
            }
        }
        for (String file : List.of("strimzi/kafka.yaml", "strimzi/topics.yaml", "minio/tenant-reference.yaml")) {
            for (JsonNode doc : docs(k8s.resolve(file))) {
                GenericKubernetesResource r = YAML.treeToValue(doc, GenericKubernetesResource.class);
                assertThat(r.getApiVersion()).as("apiVersion in %s", file).isNotBlank();
                assertThat(r.getMetadata().getName()).as("name in %s", file).isNotBlank();
                if (file.startsWith("strimzi")) {
                    strimzi.add(r);
                }
            }
        }
        ConfigMap cm = get(ConfigMap.class, "tierpack-campaign");
        Path file = Files.writeString(tmp.resolve("campaign.yaml"), cm.getData().get("campaign.yaml"));
        config = CampaignConfig.load(file);
    }

    @Test
    void imagesAreTheProjectsImageBuiltByTheDockerfile() throws IOException {
        JsonNode kustomization = YAML.readTree(k8s.resolve("base/kustomization.yaml").toFile());
        JsonNode image = kustomization.get("images").get(0);
        assertThat(image.get("name").asText()).isEqualTo("tierpack");
        Matcher version = Pattern.compile("<artifactId>tierpack-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(root.resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        assertThat(image.get("newTag").asText()).as("image tag = project version").isEqualTo(version.group(1));
        for (var e : pods().entrySet()) {
            for (Container c : containers(e.getValue())) {
                assertThat(c.getImage()).as("image of %s/%s", e.getKey(), c.getName()).isEqualTo("tierpack");
            }
        }

        List<String> dockerfile = Files.readAllLines(k8s.resolve("Dockerfile"));
        List<String> froms = dockerfile.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms.getLast()).as("runtime base image").isEqualTo("FROM eclipse-temurin:25-jre");
        JsonNode entrypoint = new ObjectMapper().readTree(dockerfile.stream().filter(l -> l.startsWith("ENTRYPOINT "))
                .findFirst().orElseThrow().substring("ENTRYPOINT ".length()));
        List<String> argv = new ArrayList<>();
        entrypoint.forEach(a -> argv.add(a.asText()));
        assertThat(argv.getLast()).isEqualTo(Main.class.getName());
        // the JVM options bin/tierpack runs the CLI with
        String launcher = Files.readString(root.resolve("bin/tierpack"));
        for (String opt : List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow")) {
            assertThat(launcher).contains(opt);
            assertThat(argv).contains(opt);
        }
        assertThat(argv.get(argv.indexOf("-cp") + 1)).isEqualTo("/opt/tierpack/lib/*");
        assertThat(String.join("\n", dockerfile)).contains("routes/target/lib/*.jar").contains("routes/target/routes-*.jar")
                .contains("COPY --from=build /out/lib/ /opt/tierpack/lib/");
    }

    @Test
    void argumentsParseWithTheRealCommandLineAndPointAtMountedFiles() {
        Set<String> commands = new TreeSet<>();
        for (var e : pods().entrySet()) {
            PodTemplateSpec pod = e.getValue();
            for (Container c : containers(pod)) {
                String where = e.getKey() + "/" + c.getName();
                List<String> args = substitute(c, where);
                CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
                while (parsed.hasSubcommand()) {
                    parsed = parsed.subcommand();
                }
                String command = parsed.commandSpec().qualifiedName(" ");
                commands.add(command);
                Path cfgPath = parsed.matchedOptionValue("--config", null);
                if (cfgPath != null) {
                    String cfg = cfgPath.toString();
                    assertThat(Path.of(cfg).getParent().toString()).as("--config of %s", where).isEqualTo(CONFIG_MOUNT);
                    VolumeMount m = mount(c, CONFIG_MOUNT).orElseThrow(() -> new AssertionError("no config mount: " + where));
                    Volume v = volume(pod, m.getName());
                    assertThat(v.getConfigMap().getName()).isEqualTo("tierpack-campaign");
                    assertThat(get(ConfigMap.class, "tierpack-campaign").getData()).containsKey(Path.of(cfg).getFileName().toString());
                    assertThat(mount(c, config.stateDir().toString())).as("stateDir mounted in %s", where).isPresent();
                }
                Path stateDir = parsed.matchedOptionValue("--state-dir", null);
                if (stateDir != null) {
                    assertThat(mount(c, stateDir.toString())).as("--state-dir mounted in %s", where).isPresent();
                }
                String warm = parsed.matchedOptionValue("--warm", null);
                if (warm != null) {
                    // the same warm tier as the campaign file, credentials in a mounted Secret
                    assertThat(TierUris.spec("warm", warm)).as("--warm of %s", where)
                            .isEqualTo(config.warm().toSpec(() -> null));
                    assertSecretFile(pod, c, ((WarmTierConfig.Minio) config.warm()).credentialsFile(), where);
                }
                assertThat(c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()).as("no secret in the environment of %s", where)
                        .allSatisfy(env -> assertThat(env.getValueFrom() == null || env.getValueFrom().getSecretKeyRef() == null).isTrue());
                assertThat(c.getResources().getRequests()).as("requests of %s", where).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as("limits of %s", where).containsKey("memory");
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                assertThat(mount(c, "/tmp")).as("writable /tmp in %s", where).isPresent();
            }
        }
        assertThat(commands).containsExactlyInAnyOrder("tierpack campaign worker", "tierpack campaign list",
                "tierpack manifests reindex", "tierpack serve");
    }

    @Test
    void campaignFileNamesMountedSecretsAndTheStrimziCluster() {
        StatefulSet workers = get(StatefulSet.class, "tierpack-worker");
        PodTemplateSpec pod = workers.getSpec().getTemplate();
        Container worker = pod.getSpec().getContainers().getFirst();
        // every credentials file of the campaign file is a key of a Secret mounted (read-only, mode 0400) where it says
        SourceUri.S3 source = (SourceUri.S3) config.source().uri();
        Path sourceCreds = ((SourceCredentials.File) source.credentials()).path();
        Path warmCreds = ((WarmTierConfig.Minio) config.warm()).credentialsFile();
        Path coldCreds = ((TierCredentials.AwsFile) ((ColdTierConfig.S3) config.cold()).credentials()).path();
        for (Path p : List.of(sourceCreds, warmCreds, coldCreds)) {
            assertSecretFile(pod, worker, p, "worker");
        }
        Deployment lister = get(Deployment.class, "tierpack-lister");
        assertSecretFile(lister.getSpec().getTemplate(), lister.getSpec().getTemplate().getSpec().getContainers().getFirst(),
                sourceCreds, "lister");
        // each worker keeps its RocksDB state on its own volume
        assertThat(workers.getSpec().getVolumeClaimTemplates()).singleElement()
                .satisfies(pvc -> assertThat(mount(worker, config.stateDir().toString()).orElseThrow().getName())
                        .isEqualTo(pvc.getMetadata().getName()));
        assertThat(workers.getSpec().getReplicas()).as("workers share the work topic: more than one").isGreaterThan(1);
        assertThat(workers.getSpec().getServiceName()).isEqualTo("tierpack-worker");
        assertThat(get(Service.class, "tierpack-worker").getSpec().getClusterIP()).isEqualTo("None");

        // Kafka: the bootstrap of the campaign file is the Strimzi cluster's plain listener
        GenericKubernetesResource kafka = strimzi.stream().filter(r -> r.getKind().equals("Kafka")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listeners = (List<Map<String, Object>>) ((Map<String, Object>) spec(kafka).get("kafka"))
                .get("listeners");
        Map<String, Object> listener = listeners.getFirst();
        assertThat(config.kafka().bootstrap()).containsExactly(kafka.getMetadata().getName() + "-kafka-bootstrap.kafka.svc:"
                + listener.get("port"));
    }

    @Test
    void strimziTopicsAreTheTopicsTheCampaignCreates() {
        CampaignTopics topics = new CampaignTopics(config.name());
        Map<String, GenericKubernetesResource> byName = new HashMap<>();
        for (GenericKubernetesResource r : strimzi) {
            if (r.getKind().equals("KafkaTopic")) {
                byName.put((String) spec(r).get("topicName"), r);
            }
        }
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(topics.all());
        int partitions = ((Number) spec(byName.get(topics.work())).get("partitions")).intValue();
        for (NewTopic t : topics.specs(partitions, (short) 3)) {
            Map<String, Object> spec = spec(byName.get(t.name()));
            assertThat(((Number) spec.get("partitions")).intValue()).as("partitions of %s", t.name()).isEqualTo(t.numPartitions());
            assertThat(((Number) spec.get("replicas")).intValue()).as("replicas of %s", t.name()).isEqualTo(t.replicationFactor());
            assertThat(spec.get("config")).as("config of %s", t.name()).isEqualTo(t.configs());
        }
    }

    @Test
    void portsProbesServicesDisruptionBudgetsAndScrapeAnnotationsAgree() {
        Deployment serve = get(Deployment.class, "tierpack-serve");
        Container c = serve.getSpec().getTemplate().getSpec().getContainers().getFirst();
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(c.getArgs().toArray(String[]::new)).subcommand();
        int listen = ServeCommand.address(parsed.matchedOptionValue("--listen", "")).getPort();
        ContainerPort http = port(c, "http");
        assertThat(http.getContainerPort()).as("serve --listen port").isEqualTo(listen);
        for (Probe probe : List.of(c.getReadinessProbe(), c.getLivenessProbe())) {
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(probe.getHttpGet().getPath()).as("the binary cache's info file, served once the catalog is open")
                    .isEqualTo("/nix-cache-info");
        }
        Service svc = get(Service.class, "tierpack-serve");
        assertThat(svc.getSpec().getPorts().getFirst().getTargetPort().getStrVal()).isEqualTo("http");
        for (HasMetadata o : base.values()) {
            Map<String, String> selector = switch (o) {
                case Service s -> s.getSpec().getSelector();
                case PodDisruptionBudget p -> p.getSpec().getSelector().getMatchLabels();
                default -> null;
            };
            if (selector == null || selector.isEmpty()) {
                continue;
            }
            List<String> matched = pods().entrySet().stream()
                    .filter(e -> e.getValue().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .map(Map.Entry::getKey).toList();
            assertThat(matched).as("pods selected by %s", o.getMetadata().getName()).hasSize(1);
            if (o instanceof Service s) {
                PodTemplateSpec target = pods().get(matched.getFirst());
                s.getSpec().getPorts().forEach(p -> assertThat(containers(target).stream()
                        .anyMatch(ct -> ct.getPorts() != null && ct.getPorts().stream().anyMatch(cp -> cp.getName().equals(p.getTargetPort().getStrVal()))))
                        .as("target port %s of %s", p.getTargetPort(), s.getMetadata().getName()).isTrue());
            }
        }
        for (var e : pods().entrySet()) {
            Map<String, String> a = e.getValue().getMetadata().getAnnotations();
            List<String> args = e.getValue().getSpec().getContainers().getFirst().getArgs();
            if (e.getKey().equals("tierpack-serve")) { // serve has no metrics endpoint: nothing to scrape
                assertThat(a == null ? Map.<String, String>of() : a).as("annotations of %s", e.getKey())
                        .doesNotContainKey("prometheus.io/scrape");
                assertThat(args).doesNotContain("--metrics-listen");
                continue;
            }
            assertThat(a).as("scrape annotations of %s", e.getKey()).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", String.valueOf(METRICS_PORT)).containsEntry("prometheus.io/path", "/metrics");
            assertThat(port(e.getValue().getSpec().getContainers().getFirst(), "metrics").getContainerPort()).isEqualTo(METRICS_PORT);
            int i = args.indexOf("--metrics-listen");
            assertThat(i).as("--metrics-listen in the args of %s", e.getKey()).isNotNegative();
            assertThat(args.get(i + 1)).as("metrics address of %s", e.getKey()).isEqualTo("0.0.0.0:" + METRICS_PORT);
        }
        assertThat(get(PodDisruptionBudget.class, "tierpack-worker").getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void iamPoliciesGrantExactlyTheS3ActionsTheCodeCalls() throws IOException {
        // SDK calls (AWS SDK on S3, minio-java on MinIO) and the IAM action each needs
        Map<String, String> actions = Map.ofEntries(Map.entry("getObject", "s3:GetObject"), Map.entry("headObject", "s3:GetObject"),
                Map.entry("statObject", "s3:GetObject"), Map.entry("listObjectsV2", "s3:ListBucket"),
                Map.entry("listPage", "s3:ListBucket"), Map.entry("putObject", "s3:PutObject"), Map.entry("put", "s3:PutObject"),
                Map.entry("createMultipartUpload", "s3:PutObject"), Map.entry("uploadPart", "s3:PutObject"),
                Map.entry("completeMultipartUpload", "s3:PutObject"), Map.entry("abortMultipartUpload", "s3:AbortMultipartUpload"),
                Map.entry("deleteObject", "s3:DeleteObject"), Map.entry("removeObject", "s3:DeleteObject"),
                Map.entry("restoreObject", "s3:RestoreObject"));
        Path core = root.resolve("tiering-core/src/main/java/dev/tierpack/core");
        Set<String> source = calls(core.resolve("source/S3Source.java"), "s3", actions);
        Set<String> s3Tier = calls(core.resolve("tier/S3Tier.java"), "s3", actions);
        Set<String> minioTier = calls(core.resolve("tier/MinioTier.java"), "client", actions);
        // restores of cold packs (RestoreObject) are requested by the cold-tier restore work; the policy allows them
        s3Tier.add("s3:RestoreObject");
        String packs = PackId.generate().objectKey().substring(0, "packs/".length());
        assertThat(packs).isEqualTo("packs/");

        String sourceBucket = ((SourceUri.S3) config.source().uri()).bucket();
        assertPolicy("iam/source-read-only.json", sourceBucket, source, null);
        assertThat(source).containsExactlyInAnyOrder("s3:ListBucket", "s3:GetObject");
        assertPolicy("iam/cold-tier.json", ((ColdTierConfig.S3) config.cold()).bucket(), s3Tier, packs);
        assertPolicy("iam/minio-warm.json", ((WarmTierConfig.Minio) config.warm()).bucket(), minioTier, packs);
    }

    /**
     * A policy grants exactly {@code expected}: ListBucket on the bucket, DeleteObject only under {@code deletePrefix},
     * everything else on the bucket's objects.
     */
    private static void assertPolicy(String file, String bucket, Set<String> expected, String deletePrefix) throws IOException {
        JsonNode policy = new ObjectMapper().readTree(k8s.resolve(file).toFile());
        assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
        Set<String> granted = new HashSet<>();
        for (JsonNode st : policy.get("Statement")) {
            assertThat(st.get("Effect").asText()).isEqualTo("Allow");
            List<String> resources = new ArrayList<>();
            st.get("Resource").forEach(r -> resources.add(r.asText()));
            for (JsonNode a : st.get("Action")) {
                String action = a.asText();
                assertThat(granted.add(action)).as("%s granted once in %s", action, file).isTrue();
                String want = switch (action) {
                    case "s3:ListBucket" -> "arn:aws:s3:::" + bucket;
                    case "s3:DeleteObject" -> "arn:aws:s3:::" + bucket + "/" + deletePrefix + "*";
                    default -> "arn:aws:s3:::" + bucket + "/*";
                };
                assertThat(resources).as("resource of %s in %s", action, file).containsExactly(want);
            }
        }
        assertThat(granted).as("actions of %s", file).isEqualTo(expected);
    }

    /** The IAM actions of the SDK calls on {@code receiver} in a source file. */
    private static Set<String> calls(Path file, String receiver, Map<String, String> actions) throws IOException {
        Matcher m = Pattern.compile("\\b" + receiver + "\\.([a-zA-Z0-9]+?)(Async)?\\(").matcher(Files.readString(file));
        Set<String> out = new TreeSet<>();
        while (m.find()) {
            String call = m.group(1);
            if (call.equals("close")) {
                continue;
            }
            assertThat(actions).as("IAM action of %s.%s in %s", receiver, call, file.getFileName()).containsKey(call);
            out.add(actions.get(call));
        }
        assertThat(out).as("S3 calls found in %s", file.getFileName()).isNotEmpty();
        return out;
    }

    private static void assertSecretFile(PodTemplateSpec pod, Container c, Path file, String where) {
        VolumeMount m = mount(c, file.getParent().toString())
                .orElseThrow(() -> new AssertionError("no mount for " + file + " in " + where));
        assertThat(m.getReadOnly()).as("read-only %s in %s", m.getMountPath(), where).isTrue();
        Volume v = volume(pod, m.getName());
        assertThat(v.getSecret()).as("%s is a Secret volume in %s", m.getMountPath(), where).isNotNull();
        assertThat(v.getSecret().getDefaultMode()).isEqualTo(0400);
        Secret secret = get(Secret.class, v.getSecret().getSecretName());
        assertThat(secret.getStringData()).as("keys of %s", secret.getMetadata().getName())
                .containsKey(file.getFileName().toString());
    }

    /** Arguments with {@code $(VAR)} replaced; every VAR must be an env var of the container. */
    private static List<String> substitute(Container c, String where) {
        Set<String> env = new HashSet<>();
        if (c.getEnv() != null) {
            c.getEnv().forEach(e -> env.add(e.getName()));
        }
        List<String> out = new ArrayList<>();
        for (String a : c.getArgs()) {
            Matcher m = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(a);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                assertThat(env).as("$(%s) in the args of %s", m.group(1), where).contains(m.group(1));
                m.appendReplacement(sb, "tierpack-worker-0");
            }
            m.appendTail(sb);
            out.add(sb.toString());
        }
        assertThat(String.join(" ", out)).as("no credential on the command line of %s", where)
                .doesNotContainIgnoringCase("secretKey=").doesNotContainIgnoringCase("aws_secret");
        return out;
    }

    private static Map<String, PodTemplateSpec> pods() {
        Map<String, PodTemplateSpec> out = new LinkedHashMap<>();
        for (HasMetadata o : base.values()) {
            switch (o) {
                case StatefulSet s -> out.put(s.getMetadata().getName(), s.getSpec().getTemplate());
                case Deployment d -> out.put(d.getMetadata().getName(), d.getSpec().getTemplate());
                default -> { }
            }
        }
        assertThat(out).containsOnlyKeys("tierpack-worker", "tierpack-lister", "tierpack-serve");
        return out;
    }

    private static List<Container> containers(PodTemplateSpec pod) {
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        return all;
    }

    private static Optional<VolumeMount> mount(Container c, String path) {
        return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst();
    }

    private static Volume volume(PodTemplateSpec pod, String name) {
        return pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static ContainerPort port(Container c, String name) {
        return c.getPorts().stream().filter(p -> p.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no port " + name + " in " + c.getName()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    private static <T extends HasMetadata> T get(Class<T> type, String name) {
        HasMetadata o = base.get(type.getSimpleName() + "/" + name);
        assertThat(o).as("%s %s in k8s/base", type.getSimpleName(), name).isInstanceOf(type);
        return type.cast(o);
    }

    private static List<JsonNode> docs(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isEmpty()) {
                    out.add(n);
                }
            }
        }
        assertThat(out).as("documents in %s", file).isNotEmpty();
        return out;
    }

    /** No field the typed model does not know (a typo would land in additionalProperties and be ignored). */
    private static void assertKnownFieldsOnly(Object o, String path) {
        if (o == null || !o.getClass().getName().startsWith("io.fabric8.")) {
            if (o instanceof Collection<?> list) {
                int i = 0;
                for (Object e : list) {
                    assertKnownFieldsOnly(e, path + "[" + i++ + "]");
                }
            } else if (o instanceof Map<?, ?> map) {
                map.forEach((k, v) -> assertKnownFieldsOnly(v, path + "." + k));
            }
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v;
            try {
                v = m.invoke(o);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            if (m.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) v).as("fields unknown to the Kubernetes model at %s", path).isNullOrEmpty();
            } else if (v != null && !(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean)) {
                assertKnownFieldsOnly(v, path + "." + m.getName().substring(3));
            }
        }
    }
}

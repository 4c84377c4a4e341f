package dev.misdirect.recipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.misdirect.cli.CheckCommand;
import dev.misdirect.cli.serve.ProbeModules;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recipes in packaging/ against the schemas of what runs them: the GitHub Actions workflow against SchemaStore's
 * workflow schema, the Kubernetes CronJob and ConfigMap against Kubernetes' API definitions (made strict, as
 * kubeconform's {@code -strict} is: an unknown key is an error), and the commands they run against the command line.
 */
class RecipesSchemaTest {
    private static final Path PACKAGING = Path.of("packaging");
    private static final String K8S_ID = "https://json.schemastore.org/kubernetes-definitions.json";
    private static final YAMLMapper YAML = new YAMLMapper();

    static String resource(String name) throws IOException {
        try (InputStream in = RecipesSchemaTest.class.getResourceAsStream("/schemas/" + name)) {
            assertThat(in).as("test resource schemas/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every YAML document of a file (a manifest may hold several). */
    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(Files.readString(file))) {
            new ObjectMapper().readValues(parser, JsonNode.class).forEachRemaining(out::add);
        }
        return out;
    }

    static List<String> errors(Schema schema, JsonNode doc) {
        return schema.validate(doc).stream().map(Error::toString).toList();
    }

    @Test
    void the_workflow_is_valid_by_the_github_actions_schema_and_a_broken_copy_is_not() throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(resource("github-workflow.json"));
        JsonNode workflow = YAML.readTree(PACKAGING.resolve("github-actions/misdirect-checks.yml").toFile());
        assertThat(errors(schema, workflow)).isEmpty();

        ObjectNode broken = workflow.deepCopy();
        ((ObjectNode) broken.get("jobs").get("merge")).remove("runs-on");
        ((ObjectNode) broken.get("jobs").get("check")).put("runs_on", "ubuntu-latest");
        assertThat(errors(schema, broken)).isNotEmpty();
    }

    @Test
    void the_workflow_runs_a_check_per_region_with_its_vantage_and_a_final_job_merging_and_reporting() throws IOException {
        JsonNode workflow = YAML.readTree(PACKAGING.resolve("github-actions/misdirect-checks.yml").toFile());
        JsonNode check = workflow.get("jobs").get("check");
        assertThat(check.get("strategy").get("matrix").get("include")).hasSizeGreaterThanOrEqualTo(2);
        String checkRuns = check.get("steps").findValuesAsText("run").toString();
        assertThat(checkRuns).contains("misdirect check").contains("--json").contains("--vantage \"${{ matrix.region }}\"");
        assertThat(check.get("steps").findValuesAsText("uses")).anyMatch(u -> u.startsWith("actions/upload-artifact@"));
        JsonNode merge = workflow.get("jobs").get("merge");
        assertThat(merge.get("needs").asText()).isEqualTo("check");
        String mergeRuns = merge.get("steps").findValuesAsText("run").toString();
        assertThat(mergeRuns).contains("misdirect merge session-*.json").contains("misdirect report merged.json");
    }

    @Test
    void the_cronjob_manifest_is_valid_by_the_kubernetes_definitions_in_strict_mode_and_a_typo_is_not()
            throws IOException {
        String definitions = strict(resource("kubernetes-definitions.json"));
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                b -> b.schemas(Map.of(K8S_ID, definitions)));
        Schema cronJob = registry.getSchema(object("batch/v1", "CronJob",
                "io.k8s.api.batch.v1beta1.CronJobSpec"));
        Schema configMap = registry.getSchema("""
                {"$ref": "%s#/definitions/io.k8s.api.core.v1.ConfigMap"}""".formatted(K8S_ID));

        List<JsonNode> docs = documents(PACKAGING.resolve("kubernetes/misdirect-cronjob.yaml"));
        assertThat(docs).extracting(d -> d.get("kind").asText()).containsExactly("ConfigMap", "CronJob");
        assertThat(errors(configMap, docs.get(0))).isEmpty();
        assertThat(errors(cronJob, docs.get(1))).isEmpty();

        ObjectNode typo = docs.get(1).deepCopy();
        ObjectNode container = (ObjectNode) typo.at("/spec/jobTemplate/spec/template/spec/containers/0");
        container.set("volumeMount", container.remove("volumeMounts"));
        assertThat(errors(cronJob, typo)).anyMatch(e -> e.contains("volumeMount"));
    }

    @Test
    void the_cronjob_runs_a_check_the_command_line_accepts_with_the_configmaps_expectations() throws Exception {
        List<JsonNode> docs = documents(PACKAGING.resolve("kubernetes/misdirect-cronjob.yaml"));
        JsonNode container = docs.get(1).at("/spec/jobTemplate/spec/template/spec/containers/0");
        List<String> args = new ArrayList<>();
        container.get("args").forEach(a -> args.add(a.asText()));
        assertThat(args.get(0)).isEqualTo("check");
        CommandLine.ParseResult parsed = new CommandLine(new CheckCommand())
                .parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        assertThat(parsed.matchedOptionValue("--vantage", "")).isNotEmpty();
        assertThat(parsed.matchedOptionValue("--metrics", Path.of(""))).hasToString("/textfile/misdirect.prom");
        String expectations = docs.get(0).at("/data/expectations.yaml").asText();
        assertThat(dev.misdirect.core.check.Expectations.parse(expectations, "expectations.yaml").authorities()).isNotEmpty();
    }

    @Test
    void the_example_modules_file_is_read_as_serve_reads_it() throws IOException {
        Path file = PACKAGING.resolve("prometheus/modules.yaml");
        ProbeModules modules = ProbeModules.parse(Files.readString(file), file);
        assertThat(modules.names()).contains(ProbeModules.DEFAULT, "strict");
        assertThat(modules.get("strict").orElseThrow().verify()).isTrue();
    }

    /** A Kubernetes object of this kind whose spec is the definition named, with metadata, and nothing else. */
    private static String object(String apiVersion, String kind, String specDefinition) {
        return """
                {"type": "object", "required": ["apiVersion", "kind", "metadata", "spec"], "additionalProperties": false,
                 "properties": {"apiVersion": {"const": "%s"}, "kind": {"const": "%s"},
                   "metadata": {"$ref": "%s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
                   "spec": {"$ref": "%s#/definitions/%s"}}}""".formatted(apiVersion, kind, K8S_ID, K8S_ID, specDefinition);
    }

    /** The definitions with every object that lists its properties closed to others (kubeconform's strict mode). */
    private static String strict(String definitions) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(definitions);
        root.get("definitions").forEach(RecipesSchemaTest::close);
        return json.writeValueAsString(root);
    }

    private static void close(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("properties") && !o.has("additionalProperties")) {
                o.put("additionalProperties", false);
            }
            o.forEach(RecipesSchemaTest::close);
        } else if (node.isArray()) {
            node.forEach(RecipesSchemaTest::close);
        }
    }
}

package dev.tierpack.campaign.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The JSON form of a {@link CampaignPlan} ({@code --report-json}): record components as keys, amounts as plain decimals. */
public final class PlanJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private PlanJson() {}

    public static String toJson(CampaignPlan plan) throws IOException {
        return JSON.writeValueAsString(plan);
    }

    /** Writes the plan to {@code file} (its directory created if needed). */
    public static void write(CampaignPlan plan, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        JSON.writeValue(abs.toFile(), plan);
    }

    /** Reads a plan back as a tree (for tools and tests). */
    public static com.fasterxml.jackson.databind.JsonNode readTree(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }
}

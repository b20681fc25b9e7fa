package org.spatialssrl.cli.reward;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.reward.RewardScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssrl reward}: scores a JSONL file of responses and summarises by task and variant. */
@Command(
    name = "reward",
    mixinStandardHelpOptions = true,
    description = {
      "Scores responses with the released Spatial-SSRL reward.",
      "Prints accuracy, format rate and mean reward by task and variant. Each input line is a JSON"
          + " object with \"response\" and either \"ground_truth\" or an \"id\" found in --dataset;"
          + " optional \"task\"/\"variant\" group inline truths."
    })
public final class RewardCommand implements Callable<Integer> {

  @Option(names = "--responses", required = true, paramLabel = "FILE.jsonl", description = "Responses to score.")
  Path responses;

  @Option(names = "--dataset", paramLabel = "DIR", description = "Generated dataset to look ids up in (train.jsonl, val.jsonl).")
  Path dataset;

  @Option(names = "--output", paramLabel = "FILE.jsonl",
      description = "Write one line per input, in input order: id (when present), overall, format, accuracy.")
  Path output;

  @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the summary as JSON to FILE.")
  Path summaryJson;

  @Option(names = "--json", description = "Print the summary as JSON instead of a table.")
  boolean json;

  @Mixin RewardOptions rewardOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RewardSummary summary;
    try {
      summary = scoreFile(rewardOptions.newService(dataset));
    } catch (InputException e) {
      err.println("ssrl reward: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    } catch (IllegalArgumentException e) {
      err.println("ssrl reward: " + e.getMessage());
      return 2;
    }
    if (json) {
      try (JsonGenerator g = RewardServer.JSON.getFactory().createGenerator(out)) {
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        summary.writeJson(g);
      }
      out.println();
    } else {
      summary.printTable(out);
    }
    if (summaryJson != null) {
      try (JsonGenerator g = RewardServer.JSON.getFactory().createGenerator(
          Files.newBufferedWriter(summaryJson, StandardCharsets.UTF_8))) {
        summary.writeJson(g);
      }
    }
    out.flush();
    return 0;
  }

  private RewardSummary scoreFile(RewardService service) throws IOException {
    RewardSummary summary = new RewardSummary();
    BufferedReader in;
    try {
      in = Files.newBufferedReader(responses, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InputException("responses file " + responses + " does not exist");
    }
    try (in; BufferedWriter w = output == null ? null : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
        JsonGenerator g = w == null ? null : RewardServer.JSON.getFactory().createGenerator(w)) {
      if (g != null) {
        g.setRootValueSeparator(null);
      }
      int lineNo = 0;
      for (String line; (line = in.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String where = responses + ":" + lineNo;
        JsonNode node;
        try {
          node = RewardServer.JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw new InputException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        RewardService.Item item;
        try {
          item = service.item(node, where);
        } catch (RequestException e) {
          throw new InputException(e.getMessage());
        }
        RewardScore s = service.reward().score(item.response(), item.groundTruth());
        summary.add(item.task(), item.variant(), s);
        if (g != null) {
          writeLine(g, node.get("id"), s);
        }
      }
    }
    return summary;
  }

  private static void writeLine(JsonGenerator g, JsonNode id, RewardScore s) throws IOException {
    g.writeStartObject();
    if (id != null && !id.isNull()) {
      g.writeFieldName("id");
      RewardServer.JSON.writeTree(g, id);
    }
    g.writeNumberField("overall", s.overall());
    g.writeNumberField("format", s.format());
    g.writeNumberField("accuracy", s.accuracy());
    g.writeEndObject();
    g.writeRaw('\n');
  }
}

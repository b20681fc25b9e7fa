package org.spatialssrl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spatialssrl.dataset.DatasetFiles;
import org.spatialssrl.preview.PreviewPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ssrl preview}: a self-contained HTML page of samples per task and variant. */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description = "Writes an offline HTML page of samples per task and variant.")
public final class PreviewCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DATASET", description = "A folder written by ssrl generate.")
  Path dataset;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Where to write the page (default: DATASET/preview.html).")
  Path output;

  @Option(names = "--per-variant", defaultValue = "4", paramLabel = "N",
      description = "Samples per task and variant (default: ${DEFAULT-VALUE}).")
  int perVariant;

  @Override
  public Integer call() {
    Path target = output != null ? output : dataset.resolve(DatasetFiles.PREVIEW);
    try {
      int shown = new PreviewPage(perVariant, 480).write(dataset, target);
      System.out.println("wrote " + target + " (" + shown + " samples)");
      return 0;
    } catch (IOException e) {
      System.err.println("ssrl preview: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    } catch (IllegalArgumentException e) {
      System.err.println("ssrl preview: " + e.getMessage());
      return 2;
    }
  }
}

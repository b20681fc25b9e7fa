package org.spatialssrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's first help line is one complete sentence that fits the command list. */
class HelpTextTest {
  @Test
  void everyCommandSummaryIsOneSentenceOnOneLine() {
    CommandLine root = Ssrl.commandLine();
    StringWriter help = new StringWriter();
    root.usage(new PrintWriter(help));
    List<String> lines = help.toString().lines().toList();
    int commands = lines.indexOf("Commands:");
    List<String> problems = new ArrayList<>();
    for (String line : lines.subList(commands + 1, lines.size())) {
      if (line.startsWith("      ")) { // a continuation: the summary wrapped
        problems.add("wrapped: " + line.strip());
      }
    }
    for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
      // The command list shows the header when there is one (picocli's own help command), else
      // the first description line.
      String[] header = e.getValue().getCommandSpec().usageMessage().header();
      String[] description = e.getValue().getCommandSpec().usageMessage().description();
      String[] summary = header.length > 0 ? header : description;
      String first = summary.length == 0 ? "" : summary[0];
      if (!first.matches("[A-Z][^\n]*\\.") || first.substring(0, first.length() - 1).contains(". ")) {
        problems.add(e.getKey() + ": \"" + first + "\"");
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(root.getSubcommands().size() >= 12);
  }
}

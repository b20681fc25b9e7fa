package org.spatialssrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** One name for one server option, across every server command. */
class ServerOptionsTest {
  private static final List<String> SERVERS = List.of("serve", "serve-reward");
  private static final Set<String> SHARED =
      Set.of("--host", "--port", ServerOptions.MAX_BODY_BYTES, ServerOptions.MAX_QUEUE);

  private static Set<String> visibleOptions(CommandLine cl) {
    Set<String> names = new TreeSet<>();
    for (OptionSpec o : cl.getCommandSpec().options()) {
      if (!o.hidden()) {
        names.addAll(List.of(o.names()));
      }
    }
    return names;
  }

  @Test
  void everyServerCommandHasTheSameNamesForTheSameLimits() {
    CommandLine root = Ssrl.commandLine();
    for (String server : SERVERS) {
      Set<String> names = visibleOptions(root.getSubcommands().get(server));
      assertTrue(names.containsAll(SHARED), server + ": " + names);
      assertEquals(Set.of(ServerOptions.MAX_BODY_BYTES),
          names.stream().filter(n -> n.contains("body")).collect(java.util.stream.Collectors.toSet()));
      assertEquals(Set.of(ServerOptions.MAX_QUEUE),
          names.stream().filter(n -> n.contains("queue")).collect(java.util.stream.Collectors.toSet()));
      StringWriter help = new StringWriter();
      root.getSubcommands().get(server).usage(new PrintWriter(help));
      assertTrue(help.toString().contains("Port (default: " + (server.equals("serve") ? 8000 : 5000)),
          help.toString());
    }
  }

  @Test
  void theEarlierNamesStillWorkButAreHidden() {
    ServerOptions o = new ServerOptions(1, 2, 3);
    new CommandLine(new Holder(o)).parseArgs("--max-body", "777", "--queue", "9");
    assertEquals(777, o.maxBodyBytes());
    assertEquals(9, o.maxQueue());
    assertEquals("127.0.0.1", o.host(), "servers stay local unless told otherwise");
  }

  @CommandLine.Command(name = "holder")
  static final class Holder {
    @CommandLine.Mixin final ServerOptions options;

    Holder(ServerOptions options) {
      this.options = options;
    }
  }
}

package org.spatialssrl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ssrl} command: entry point of every subcommand.
 *
 * <p>Exit codes: 0 success, 1 the job finished but found problems (for example
 * {@code verify} disagreements), 2 usage errors, 3 input or I/O errors, 4 {@code generate}
 * finished but made fewer samples than {@code --count}/{@code --per-task} asked for (unless
 * {@code --allow-fewer}).
 */
@Command(
    name = "ssrl",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Spatial-SSRL: self-supervised spatial pretext data, rewards and models.",
    subcommands = {
      GenerateCommand.class,
      VerifyCommand.class,
      PreviewCommand.class,
      BenchGenerateCommand.class,
      SftDataCommand.class,
      org.spatialssrl.cli.reward.RewardCommand.class,
      org.spatialssrl.cli.reward.ServeRewardCommand.class,
      org.spatialssrl.cli.reward.BenchRewardCommand.class,
      org.spatialssrl.cli.model.AskCommand.class,
      org.spatialssrl.cli.model.ChatCommand.class,
      org.spatialssrl.cli.model.LogprobsCommand.class,
      org.spatialssrl.cli.model.ServeCommand.class,
      org.spatialssrl.cli.train.TrainSftCommand.class,
      org.spatialssrl.cli.train.MergeLoraCommand.class,
      org.spatialssrl.cli.train.RandomModelCommand.class,
      org.spatialssrl.cli.eval.EvalCommand.class,
      org.spatialssrl.cli.eval.BenchEvalCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Ssrl implements Runnable {

  /** Exit code for a run that completed but found problems. */
  public static final int EXIT_PROBLEMS = 1;
  /** Exit code for bad input files or I/O failures. */
  public static final int EXIT_INPUT = 3;
  /** Exit code for a finished {@code generate} that made fewer samples than asked for. */
  public static final int EXIT_FEWER = 4;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** Builds the command line with the project's error handling. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Ssrl());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}

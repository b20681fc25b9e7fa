package org.spatialssrl.cli.train;

import java.io.PrintStream;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spatialssrl.train.run.TrainingListener;

/**
 * A training run's progress on stderr: optimizer steps done of the total, rate and ETA, the last
 * step's loss and learning rate; validation results and saved checkpoints as lines of their own.
 * With {@code quiet}, only those lines.
 */
public final class TrainProgressBar implements TrainingListener, AutoCloseable {
  private final boolean quiet;
  private final PrintStream err;
  private final String name;
  private ProgressBar bar;

  /**
   * Creates the listener.
   *
   * @param name the task name shown before the bar ({@code sft}, {@code grpo})
   * @param quiet no bar, only messages
   * @param err where to draw
   */
  public TrainProgressBar(String name, boolean quiet, PrintStream err) {
    this.name = name;
    this.quiet = quiet;
    this.err = err;
  }

  @Override
  public synchronized void started(long totalSteps, long doneSteps) {
    if (quiet) {
      return;
    }
    bar = new ProgressBarBuilder()
        .setTaskName(name)
        .setInitialMax(totalSteps)
        .startsFrom(doneSteps, java.time.Duration.ZERO)
        .setUnit(" steps", 1)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(err))
        .build();
  }

  @Override
  public synchronized void step(long step, Map<String, Double> metrics) {
    if (bar == null) {
      return;
    }
    bar.stepTo(step);
    StringBuilder extra = new StringBuilder();
    for (String k : new String[] {"loss", "reward_mean", "lr"}) {
      Double v = metrics.get(k);
      if (v != null) {
        extra.append(extra.length() == 0 ? "" : " ").append(k).append(' ')
            .append(k.equals("lr") ? String.format("%.2e", v) : String.format("%.4f", v));
      }
    }
    bar.setExtraMessage(extra.toString());
  }

  @Override
  public synchronized void message(String text) {
    if (bar == null) {
      err.println(text);
      return;
    }
    // On a terminal, clear the bar's line first (it is redrawn below the message).
    err.print(System.console() != null ? "\r\033[K" : System.lineSeparator());
    err.println(text);
    bar.refresh();
  }

  @Override
  public synchronized void finished() {
    close();
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}

package io.journeyminer.pipeline;

import java.io.PrintStream;
import java.util.Locale;

/** One line per step with its row counts and duration (SPEC 6). */
public final class Progress {

  private final PrintStream out;

  public Progress(PrintStream out) {
    this.out = out;
  }

  public void step(Step step, String counts, long startedNanos) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    out.printf(Locale.ROOT, "%-9s %-78s %6.1f s%n", step.label(), counts, seconds);
    out.flush();
  }

  public void line(String text) {
    out.println(text);
    out.flush();
  }

  public static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}

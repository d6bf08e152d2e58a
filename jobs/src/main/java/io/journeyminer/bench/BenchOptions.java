package io.journeyminer.bench;

import io.journeyminer.pipeline.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to benchmark.
 *
 * @param customers the scales to run, ascending: one generated data set per value
 * @param days length of each generated window
 * @param seed generator seed; the same seed gives the same data set
 * @param steps the pipeline steps to run and measure, in pipeline order
 * @param out data sets, warehouses and results are kept here
 * @param configTemplate the pipeline config copied into each generated set
 * @param maxRejectShare when present, replaces every source's {@code max_reject_share} (tiny sets
 *     reject a larger share by chance)
 */
public record BenchOptions(
    List<Integer> customers, int days, long seed, List<Step> steps, Path out, Path configTemplate, Optional<Double> maxRejectShare) {

  public BenchOptions {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(configTemplate, "configTemplate");
    maxRejectShare = Objects.requireNonNullElse(maxRejectShare, Optional.empty());
    customers = customers.stream().sorted().distinct().toList();
    steps = steps.stream().sorted().distinct().toList();
    if (customers.isEmpty() || customers.get(0) < 1) {
      throw new IllegalArgumentException("Cannot benchmark customers " + customers + ", give one or more positive numbers.");
    }
    if (days < 1) {
      throw new IllegalArgumentException("Cannot benchmark " + days + " days, the number must be positive.");
    }
    if (maxRejectShare.filter(share -> share < 0 || share > 1).isPresent()) {
      throw new IllegalArgumentException("Cannot set max_reject_share to " + maxRejectShare.get() + ", the value must be between 0 and 1.");
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("Cannot benchmark no steps, name one or more of " + List.of(Step.values()) + ".");
    }
  }

  /** The folder name of the data set generated for {@code customerCount}. */
  public String dataSetName(int customerCount) {
    return "customers-" + customerCount + "-days-" + days + "-seed-" + seed;
  }
}

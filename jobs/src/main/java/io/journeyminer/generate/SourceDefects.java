package io.journeyminer.generate;

import java.util.EnumMap;
import java.util.Map;

/**
 * What one export holds: records written ({@code read}, as the pipeline counts them) and how many
 * of each defect were injected. {@code accepted} is what a correct pipeline keeps as events.
 */
public record SourceDefects(String source, long read, Map<Defect, Long> injected) {

  public SourceDefects {
    EnumMap<Defect, Long> copy = new EnumMap<>(Defect.class);
    for (Defect defect : Defect.values()) {
      copy.put(defect, injected.getOrDefault(defect, 0L));
    }
    injected = java.util.Collections.unmodifiableMap(copy);
  }

  public long count(Defect defect) {
    return injected.get(defect);
  }

  /** Records rejected by a correct pipeline: every injected defect except duplicates. */
  public long rejected() {
    long rejected = 0;
    for (Map.Entry<Defect, Long> entry : injected.entrySet()) {
      if (entry.getKey() != Defect.DUPLICATE) {
        rejected += entry.getValue();
      }
    }
    return rejected;
  }

  public long accepted() {
    return read - rejected() - count(Defect.DUPLICATE);
  }
}

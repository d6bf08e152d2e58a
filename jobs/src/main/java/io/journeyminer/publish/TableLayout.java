package io.journeyminer.publish;

/** How a table is partitioned, which decides what a run replaces when it publishes (SPEC 5). */
public enum TableLayout {
  /** Partitioned by {@code run_date}: a run replaces its own partition, older runs stay. */
  BY_RUN_DATE,
  /** Partitioned by {@code event_date}: the whole table is the latest run's view of the inputs. */
  BY_EVENT_DATE,
  /** Latest only: the whole table is replaced. */
  LATEST_ONLY
}

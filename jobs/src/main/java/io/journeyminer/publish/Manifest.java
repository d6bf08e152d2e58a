package io.journeyminer.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyminer.ingest.SourceBalance;
import java.util.Iterator;
import java.util.Map;

/**
 * The run manifest ({@code _runs/<run_date>/manifest.json}): what was read, rejected, de-duplicated
 * and published, with timings. Written last, it is the mark of a committed run.
 */
public final class Manifest {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode root = JSON.createObjectNode();

  public ObjectNode root() {
    return root;
  }

  public ObjectNode section(String name) {
    JsonNode existing = root.get(name);
    if (existing instanceof ObjectNode object) {
      return object;
    }
    return root.putObject(name);
  }

  public ArrayNode list(String name) {
    JsonNode existing = root.get(name);
    if (existing instanceof ArrayNode array) {
      return array;
    }
    return root.putArray(name);
  }

  public ObjectNode newObject() {
    return JSON.createObjectNode();
  }

  /**
   * Adds the sections of an earlier manifest of the same run date that this run did not produce, so
   * that running single steps one after another leaves one complete manifest.
   */
  public void keepMissingFrom(String earlierJson) {
    try {
      JsonNode earlier = JSON.readTree(earlierJson);
      for (Iterator<Map.Entry<String, JsonNode>> it = earlier.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!root.has(field.getKey())) {
          root.set(field.getKey(), field.getValue());
        } else if (root.get(field.getKey()) instanceof ObjectNode mine && field.getValue() instanceof ObjectNode theirs) {
          theirs.fields().forEachRemaining(entry -> {
            if (!mine.has(entry.getKey())) {
              mine.set(entry.getKey(), entry.getValue());
            }
          });
        }
      }
    } catch (JsonProcessingException e) {
      // An unreadable earlier manifest is replaced, not merged.
    }
  }

  /** Appends a source's balance to {@code sources[]}, in the order the config lists the sources. */
  public void addSource(SourceBalance balance) {
    ObjectNode entry = list("sources").addObject();
    entry.put("source", balance.source());
    entry.put("format", balance.format());
    entry.put("read", balance.read());
    entry.put("accepted", balance.accepted());
    entry.put("rejected", balance.rejected());
    entry.put("duplicates", balance.duplicates());
    entry.put("filtered", balance.filtered());
    balance.filter().ifPresent(filter -> entry.put("filter", filter));
    entry.put("seen_in_earlier_runs", balance.seenInEarlierRuns());
    entry.put("reconciled", balance.reconciled());
    entry.put("revenue_unreadable", balance.revenueUnreadable());
    entry.put("phone_unparseable", balance.phoneUnparseable());
    entry.put("reject_share", balance.rejectShare());
    entry.put("max_reject_share", balance.maxRejectShare());
    ObjectNode reasons = entry.putObject("rejected_by_reason");
    balance.rejectedByReason().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(reason -> reasons.put(reason.getKey(), reason.getValue()));
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the manifest", e);
    }
  }

  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a manifest: " + e.getOriginalMessage(), e);
    }
  }
}

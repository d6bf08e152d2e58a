package io.journeyminer.generate;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One customer while their records are written: their touches (for look-ahead such as an
 * opportunity's final stage) and the identifiers, raw as written, that their good records carry.
 */
final class CustomerRecords {

  /** An identifier exactly as an export wrote it. */
  record RawIdentifier(String type, String value) {}

  private final Customer customer;
  private final List<Touch> touches;
  private final Set<RawIdentifier> identifiers = new LinkedHashSet<>();

  CustomerRecords(Customer customer, List<Touch> touches) {
    this.customer = customer;
    this.touches = List.copyOf(touches);
  }

  Customer customer() {
    return customer;
  }

  List<Touch> touches() {
    return touches;
  }

  /** Notes an identifier of a good record; blank values are no identifier. */
  void identifier(String type, String rawValue) {
    if (rawValue != null && !rawValue.isBlank()) {
      identifiers.add(new RawIdentifier(type, rawValue));
    }
  }

  Set<RawIdentifier> identifiers() {
    return identifiers;
  }
}

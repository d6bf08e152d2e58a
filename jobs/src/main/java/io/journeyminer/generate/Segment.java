package io.journeyminer.generate;

/**
 * How a customer meets the retailer, which decides the identifiers the exports can link for them.
 * Every segment's identifiers co-occur on records so that the true customer is recoverable, except
 * that anonymous visitors only ever show one cookie.
 */
enum Segment {
  /** Browses the web shop without ever logging in or leaving an e-mail: one cookie, nothing else. */
  ANONYMOUS,
  /** Has a shop account: logs in on each of 1-3 browsers (cookie + user id + e-mail). */
  ACCOUNT,
  /** No account, but subscribes to the newsletter on the web (cookie + e-mail, then a CRM id). */
  SUBSCRIBER,
  /** Shops in stores only: a loyalty card and a CRM contact, or guest sales with an e-receipt. */
  STORE,
  /** Calls the sales line: a CRM contact with phone and e-mail, quotes and appointments. */
  PHONE_LEAD
}

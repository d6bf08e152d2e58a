package io.journeyminer.generate;

/**
 * One true event of a customer: what happened, when, and where it is exported. Every touch becomes
 * exactly one good record in its source; the ground truth's journeys are built from touches.
 *
 * @param at epoch milliseconds, already at the precision its source writes
 * @param device index of the cookie for web events, -1 elsewhere
 * @param loggedIn web events: the browser is logged in, so the event carries the user id
 * @param withEmail the record carries the customer's e-mail (identify events, guest checkout,
 *     e-receipts at the till)
 * @param traffic web events: the session's traffic source
 * @param campaign web events: the session's campaign name
 * @param session web events: a session number, unique within the customer
 * @param landing web events: the session's first page, which carries UTM parameters and referrer
 * @param revenue purchase amount in EUR, 0 elsewhere
 * @param product index into {@link Fixtures#PRODUCTS}, or -1
 */
record Touch(
    long at,
    Touchpoint touchpoint,
    Source source,
    int device,
    boolean loggedIn,
    boolean withEmail,
    Traffic traffic,
    String campaign,
    int session,
    boolean landing,
    double revenue,
    int product) {}

package io.journeyminer.generate;

import java.time.ZoneId;
import java.util.List;

/**
 * One true customer and every identifier they may show. Which identifiers actually reach the
 * exports depends on what they do; the ground truth lists only those that do.
 *
 * @param id the true customer id written to the ground truth
 * @param email the e-mail as the customer usually types it (mixed case for some)
 * @param phone raw phone as the CRM holds it, or null
 * @param userId shop login id, or null without an account
 * @param cookies browser cookies (anonymousId), empty for customers who never visit the web shop
 * @param crmId CRM contact id, or null
 * @param loyaltyCard loyalty card number, or null
 * @param homeStore index of the store the customer shops at
 * @param propensity base log-odds of buying, before touchpoints add their power
 */
record Customer(
    int number,
    String id,
    Segment segment,
    String country,
    ZoneId zone,
    String firstName,
    String lastName,
    String email,
    String phone,
    String userId,
    boolean newAccount,
    List<String> cookies,
    String crmId,
    String loyaltyCard,
    boolean storeShopper,
    boolean appUser,
    int homeStore,
    String ipAddress,
    String browserUserAgent,
    String appUserAgent,
    double propensity) {

  Customer {
    cookies = List.copyOf(cookies);
  }

  boolean hasWeb() {
    return !cookies.isEmpty();
  }

  boolean hasAccount() {
    return userId != null;
  }

  boolean hasCrm() {
    return crmId != null;
  }
}

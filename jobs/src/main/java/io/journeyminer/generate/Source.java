package io.journeyminer.generate;

/** The six exports the generator writes, named as {@code data-samples/pipeline.yaml} names them. */
public enum Source {
  CRM_CONTACTS("crm_contacts"),
  CRM_ACTIVITIES("crm_activities"),
  CRM_OPPORTUNITIES("crm_opportunities"),
  WEB_EVENTS("web_events"),
  API_ACCESS_LOG("api_access_log"),
  POS_TRANSACTIONS("pos_transactions");

  private final String sourceName;

  Source(String sourceName) {
    this.sourceName = sourceName;
  }

  /** The source's name in the pipeline config and in {@code defects.json}. */
  public String sourceName() {
    return sourceName;
  }
}

/** GET/PUT /messaging/settings */
export interface PracticeSettings {
  practice: string;
  /** how the practice signs its messages ({{practice.name}}, {{practice.phone}}, {{practice.email}}) */
  practiceName: string | null;
  practicePhone: string | null;
  practiceEmail: string | null;
  /** "Allow SMS (billed extra)" */
  smsEnabled: boolean;
  /** "Allow Threema (billed extra)" */
  threemaEnabled: boolean;
  /** Use Threema instead of SMS where a client has a Threema ID. */
  preferThreema: boolean;
  /** Replace look-alikes („ “ – … and the like) with GSM characters in every SMS before it is queued. */
  smartEncodeSms: boolean;
  smsSenderId: string | null;
  timeZone: string;
  locale: 'de' | 'en';
  /**
   * How access codes for secure downloads reach the client: "standard" sends
   * the code by SMS/Threema together with the e-mail; "self-service" lets the
   * client ask for it on the download page (SMS only spent when opened).
   */
  accessCodeDelivery: 'standard' | 'self-service';
  /** when the regular invoice over the practice's usage is issued: at the end of each month or year */
  billingPeriod: 'monthly' | 'yearly';
  /** staff are warned at 80 % and 100 % of this amount spent in a month (tenths of a cent); null = no budget */
  monthlyBudgetTenthCents: number | null;
  /** where the budget warning is e-mailed as well; null = only in the admin */
  budgetAlertEmail: string | null;
  /** the operator's unit prices for this practice (PUT /operator/practices/:practice/prices); staff cannot change them */
  prices: PriceOverrides;
}

/** Unit prices the operator set for one practice, in tenths of a cent; null: the plugin config's price. */
export interface PriceOverrides {
  smsTenthCents: number | null;
  threemaTenthCents: number | null;
}

export type UpdateSettingsRequest = Partial<Omit<PracticeSettings, 'practice' | 'prices'>>;
export interface SettingsResponse {
  data: PracticeSettings;
}

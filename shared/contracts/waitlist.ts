/** GET /messaging/waitlist: one entry of the practice's waitlist. */
export interface WaitlistEntry {
  id: number;
  clientId: string;
  clientName: string | null;
  since: string | null;
  note: string | null;
  cancelledAppointmentId: string | null;
  batchId: number | null;
  createdAt: string | null;
}

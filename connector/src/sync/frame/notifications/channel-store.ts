/**
 * The notification channel of one SP-API application (its LWA client id): the SQS queue the integrator created
 * (URL and ARN), its AWS region, the AWS credentials the reader uses (sealed in the secret store under
 * `amazon-notifications:<application>`, never in this table, a log or an answer), an optional explicit SQS
 * endpoint (an SQS-compatible service), and the Amazon destination made for it. One per application because Amazon
 * makes destinations the application's: every seller (backend) of the application is subscribed to it.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { Queryable } from '../../../core/sql.ts';
import type { SecretStore } from '../../../core/secret-store.ts';

export interface ChannelInput {
  applicationId: string;
  queueUrl: string;
  queueArn: string;
  awsRegion: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** An SQS-compatible service's own URL (ElasticMQ...); unset: AWS itself (or the Amazon endpoint override). */
  sqsEndpoint?: string | null;
}

/** The channel as shown (no secret). */
export interface Channel {
  applicationId: string;
  queueUrl: string;
  queueArn: string;
  awsRegion: string;
  sqsEndpoint: string | null;
  destinationId: string | null;
  updatedAt: Date;
  updatedBy: string;
}

export interface AwsKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

const ARN = /^arn:aws:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/;
const secretRef = (applicationId: string) => `amazon-notifications:${applicationId}`;

/** The problems of `input` (field: why), empty when it can be stored. */
export function channelProblems(input: ChannelInput): string[] {
  const bad: string[] = [];
  const arn = ARN.exec(input.queueArn);
  if (!arn) bad.push('queueArn: arn:aws:sqs:<region>:<12-digit account>:<queue name>');
  if (arn && arn[1] !== input.awsRegion) bad.push("awsRegion: must be the queue ARN's region");
  let url: URL | null = null;
  try {
    url = new URL(input.queueUrl);
  } catch {
    bad.push('queueUrl: an https URL (https://sqs.<region>.amazonaws.com/<account>/<queue>)');
  }
  if (url && arn && !url.pathname.endsWith(`/${arn[2]}/${arn[3]}`)) bad.push("queueUrl: must end with the ARN's /<account>/<queue>");
  if (input.sqsEndpoint) {
    try {
      if (!/^https?:$/.test(new URL(input.sqsEndpoint).protocol)) bad.push('sqsEndpoint: an http(s) URL');
    } catch {
      bad.push('sqsEndpoint: an http(s) URL');
    }
  }
  if (!/^[A-Z0-9]{16,128}$/.test(input.accessKeyId)) bad.push('accessKeyId: an AWS access key id (AKIA...)');
  if (input.secretAccessKey.length < 16) bad.push('secretAccessKey: an AWS secret access key');
  return bad;
}

/** Stores (or replaces) the channel of `input.applicationId`; keys sealed first, the row then points at them. */
export async function putChannel(db: Queryable, secrets: SecretStore, input: ChannelInput, by: string): Promise<Channel> {
  const bad = channelProblems(input);
  if (bad.length) throw new PermanentError('NOTIFICATIONS_CHANNEL_INVALID', `the notification channel is invalid: ${bad.join('; ')}`, { fields: bad.map((b) => b.split(':')[0]) });
  await secrets.put(secretRef(input.applicationId), { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey } satisfies AwsKeys);
  // A new queue is a new destination: the one made for the old queue is forgotten (set-up finds or makes the new one).
  const { rows } = await db.query(
    `insert into amazon_notification_channel as c (application_id, queue_url, queue_arn, aws_region, sqs_endpoint, credentials_ref, updated_by)
       values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (application_id) do update set queue_url = excluded.queue_url, queue_arn = excluded.queue_arn,
       aws_region = excluded.aws_region, sqs_endpoint = excluded.sqs_endpoint, credentials_ref = excluded.credentials_ref,
       destination_id = case when c.queue_arn = excluded.queue_arn then c.destination_id end, updated_at = now(), updated_by = excluded.updated_by
     returning *`,
    [input.applicationId, input.queueUrl, input.queueArn, input.awsRegion, input.sqsEndpoint ?? null, secretRef(input.applicationId), by],
  );
  return channelOf(rows[0] as ChannelRow);
}

/** Every channel (the reader serves them all). */
export async function listChannels(db: Queryable): Promise<Channel[]> {
  const { rows } = await db.query('select * from amazon_notification_channel order by application_id');
  return (rows as ChannelRow[]).map(channelOf);
}

export async function getChannel(db: Queryable, applicationId: string): Promise<Channel | null> {
  const { rows } = await db.query('select * from amazon_notification_channel where application_id = $1', [applicationId]);
  return rows[0] ? channelOf(rows[0] as ChannelRow) : null;
}

/** The AWS keys of a channel (for the reader only). */
export async function channelKeys(secrets: SecretStore, applicationId: string): Promise<AwsKeys | null> {
  return secrets.get<AwsKeys>(secretRef(applicationId));
}

export async function recordDestination(db: Queryable, applicationId: string, queueArn: string, destinationId: string): Promise<void> {
  await db.query('update amazon_notification_channel set destination_id = $3 where application_id = $1 and queue_arn = $2', [applicationId, queueArn, destinationId]);
}

interface ChannelRow {
  application_id: string;
  queue_url: string;
  queue_arn: string;
  aws_region: string;
  sqs_endpoint: string | null;
  destination_id: string | null;
  updated_at: Date;
  updated_by: string;
}

function channelOf(r: ChannelRow): Channel {
  return {
    applicationId: r.application_id,
    queueUrl: r.queue_url,
    queueArn: r.queue_arn,
    awsRegion: r.aws_region,
    sqsEndpoint: r.sqs_endpoint,
    destinationId: r.destination_id,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

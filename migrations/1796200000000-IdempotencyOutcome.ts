import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `token`: which request holds a key (a takeover gives it a new one, so the slow original can no
 * longer commit under it). `committed_at`: set in the transaction of the key's work, so that a key
 * whose work committed is never run again, even if its response was never stored. Responses that
 * carried an API key are replaced by the refusal a replay of them now answers: no secret stays.
 */
export class IdempotencyOutcome1796200000000 implements MigrationInterface {
  name = 'IdempotencyOutcome1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "idempotency_keys" ADD "token" uuid');
    await queryRunner.query('ALTER TABLE "idempotency_keys" ADD "committed_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      `UPDATE "idempotency_keys"
          SET status_code = 409, response_headers = $1, response_body = $2, committed_at = created_at
        WHERE response_body LIKE '%"api_key":%'`,
      [
        JSON.stringify({ 'content-type': 'application/problem+json; charset=utf-8' }),
        JSON.stringify({
          title: 'Conflict',
          detail:
            'This request was already carried out. The API key it issued was shown once, in its first response, and is not stored: if that response was lost, revoke the key and issue a new one.',
          status: 409,
          type: '/errors/409',
        }),
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "idempotency_keys" DROP COLUMN "committed_at"');
    await queryRunner.query('ALTER TABLE "idempotency_keys" DROP COLUMN "token"');
  }
}

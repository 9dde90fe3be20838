import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../shared/auth/public.decorator.js';
import { DATABASE_PROCESS, type DatabaseProcess } from '../shared/database/database.module.js';

@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    @Inject(DATABASE_PROCESS) private readonly databaseProcess: DatabaseProcess,
  ) {}

  /**
   * Liveness: the process answers, and the embedded database it runs (if any) is up. While that
   * one is down (it is restarted at once) the process is useless: a supervisor may restart it.
   */
  @Get()
  @HealthCheck()
  live() {
    const { running } = this.databaseProcess;
    if (!running) return this.health.check([]);
    return this.health.check([
      () => {
        const indicator = this.indicators.check('embedded_database');
        return running() ? indicator.up() : indicator.down('not running, being restarted');
      },
    ]);
  }

  /** Readiness: the database answers within a second. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 1000 })]);
  }
}

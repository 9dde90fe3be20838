import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';

/** `GET /` sends a newcomer's browser to Swagger UI; any other unknown path stays a 404. */
@ApiExcludeController()
@Public()
@Controller()
export class RootController {
  @Get()
  @Redirect('/docs', 302)
  root(): void {}
}

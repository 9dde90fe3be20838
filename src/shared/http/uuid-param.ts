import { ProblemException } from './problem.exception.js';

/** For ParseUUIDPipe: an id that is not a UUID names nothing, so it is "not found", not "bad request". */
export const notFoundUuid = (detail: string) => (): ProblemException => ProblemException.of(404, detail);

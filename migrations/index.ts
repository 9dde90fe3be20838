// Every migration, oldest first. Written by `npm run migration:generate -- <Name>`.
import { IdentityAndOrganizations1795385390454 } from './1795385390454-IdentityAndOrganizations.js';
import { Instances1795385787008 } from './1795385787008-Instances.js';
import { InstanceCreationLog1795385912752 } from './1795385912752-InstanceCreationLog.js';
import { IdempotencyKeys1795386593954 } from './1795386593954-IdempotencyKeys.js';

export const migrations = [
  IdentityAndOrganizations1795385390454,
  Instances1795385787008,
  InstanceCreationLog1795385912752,
  IdempotencyKeys1795386593954,
];

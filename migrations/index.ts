// Every migration, oldest first. Written by `npm run migration:generate -- <Name>`.
import { IdentityAndOrganizations1795385390454 } from './1795385390454-IdentityAndOrganizations.js';
import { Instances1795385787008 } from './1795385787008-Instances.js';
import { InstanceCreationLog1795385912752 } from './1795385912752-InstanceCreationLog.js';
import { IdempotencyKeys1795386593954 } from './1795386593954-IdempotencyKeys.js';
import { InstanceLifecycle1796066157872 } from './1796066157872-InstanceLifecycle.js';
import { InstanceActivity1796066157873 } from './1796066157873-InstanceActivity.js';
import { OutboxRetries1796090000000 } from './1796090000000-OutboxRetries.js';
import { OrganizationInstanceCounts1796100000000 } from './1796100000000-OrganizationInstanceCounts.js';
import { IdempotencyOutcome1796200000000 } from './1796200000000-IdempotencyOutcome.js';
import { OrganizationCountSlots1796250000000 } from './1796250000000-OrganizationCountSlots.js';
import { EventDelivery1796260000000 } from './1796260000000-EventDelivery.js';
import { InstanceEventSnapshots1796260000001 } from './1796260000001-InstanceEventSnapshots.js';
import { Webhooks1796260000002 } from './1796260000002-Webhooks.js';
import { Integrations1796270000000 } from './1796270000000-Integrations.js';
import { Invitations1796270000001 } from './1796270000001-Invitations.js';
import { RowVersions1796300000000 } from './1796300000000-RowVersions.js';
import { ProcessedEvents1796300000001 } from './1796300000001-ProcessedEvents.js';

export const migrations = [
  IdentityAndOrganizations1795385390454,
  Instances1795385787008,
  InstanceCreationLog1795385912752,
  IdempotencyKeys1795386593954,
  InstanceLifecycle1796066157872,
  InstanceActivity1796066157873,
  OutboxRetries1796090000000,
  OrganizationInstanceCounts1796100000000,
  IdempotencyOutcome1796200000000,
  OrganizationCountSlots1796250000000,
  EventDelivery1796260000000,
  InstanceEventSnapshots1796260000001,
  Webhooks1796260000002,
  Integrations1796270000000,
  Invitations1796270000001,
  RowVersions1796300000000,
  ProcessedEvents1796300000001,
];

import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import {
  ApiDocs,
  ApiConditionalGet,
  ApiConditionalWrite,
  ApiHydraCollectionResponse,
  ApiJsonLdResponse,
  ApiProblems,
} from '../../shared/http/openapi-schemas.js';
import { INVITATION_STATUSES } from '../domain/invitation.js';
import { InvitationResponse } from './invitation.http.js';
import { RenameOrganizationRequest } from './organization.requests.js';
import { OrganizationResponse } from './organization.responses.js';

/** The OpenAPI documentation of each organizations and invitations operation (access answers: the controllers' rules). */

const EXAMPLE_ORGANIZATION = '/api/organizations/0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d';

export const CreateOrganizationDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'createOrganization',
      summary: 'Create an organization; the caller becomes its owner',
    }),
    ApiConsumes('application/ld+json', 'application/json'),
    ApiJsonLdResponse(201, OrganizationResponse, 'Organization created'),
    ApiProblems({ 400: 'Invalid input', 422: 'Validation error' }),
  );

export const ListOrganizationsDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'listOrganizations', summary: 'List the organizations the caller belongs to' }),
    ApiQuery({ name: 'page', required: false, type: 'integer', description: 'The collection page number' }),
    ApiQuery({ name: 'itemsPerPage', required: false, type: 'integer', description: 'The number of items per page' }),
    ApiHydraCollectionResponse(OrganizationResponse, 'Organization collection', {
      context: '/api/contexts/Organization',
      id: '/api/organizations',
    }),
    ApiConditionalGet(),
    ApiProblems({ 400: 'Invalid pagination' }),
  );

export const GetOrganizationDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'getOrganization', summary: 'Get an organization with its owners and members' }),
    ApiJsonLdResponse(200, OrganizationResponse, 'Organization resource'),
    ApiConditionalGet(),
  );

export const RenameOrganizationDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'renameOrganization', summary: 'Rename an organization' }),
    ApiConsumes('application/merge-patch+json'),
    ApiBody({ type: RenameOrganizationRequest }),
    ApiJsonLdResponse(200, OrganizationResponse, 'Organization renamed'),
    ApiConditionalWrite(),
    ApiProblems({ 400: 'Invalid input', 415: 'Not merge-patch', 422: 'Validation error' }),
  );

export const DeleteOrganizationDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'deleteOrganization', summary: 'Delete an organization that owns no instances' }),
    ApiNoContentResponse({ description: 'Organization deleted' }),
    ApiConditionalWrite(),
  );

export const PutOrganizationMemberDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'putOrganizationMember',
      summary: "Change a member's role (promote to owner, demote to member)",
      description:
        'Changes the role of a partner who is already a member. It does not add anyone: a partner joins only with its consent, by accepting an invitation (`POST /api/organizations/{organizationId}/invitations`, then `POST /api/invitations/{invitationId}/accept` by the invited partner). A partner who is not a member (or does not exist) answers 404 `invitation_required`, and nothing changes. The last owner cannot be demoted (422).',
    }),
    ApiConsumes('application/ld+json', 'application/json'),
    ApiJsonLdResponse(200, OrganizationResponse, 'Role changed (or already as requested)'),
    ApiConditionalWrite('the organization'),
    ApiProblems({ 400: 'Invalid input', 422: 'Invalid role, or the last owner would be demoted' }),
  );

export const RemoveOrganizationMemberDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'removeOrganizationMember',
      summary: 'Remove a partner from the organization, or leave it',
      description:
        "Owners (and the organization's integrations with `organizations:write`) remove any member; a member removes itself to leave the organization (its own partner id). The last owner can neither be removed nor leave (422).",
    }),
    ApiNoContentResponse({ description: 'Member removed' }),
    ApiConditionalWrite('the organization'),
    ApiProblems({ 422: 'The last owner cannot be removed' }),
  );

export const CreateInvitationDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'createInvitation',
      summary: 'Invite a partner by email; replaces a pending invitation of the same email',
    }),
    ApiConsumes('application/ld+json', 'application/json'),
    ApiJsonLdResponse(201, InvitationResponse, 'Invitation created (pending)'),
    ApiProblems({ 400: 'Invalid input', 422: 'Invalid email or role', 429: 'Too many invitations this hour' }),
  );

export const ListInvitationsDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'listInvitations', summary: "List the organization's invitations" }),
    ApiQuery({
      name: 'status',
      required: false,
      enum: INVITATION_STATUSES,
      description: 'Only invitations in this status',
    }),
    ApiHydraCollectionResponse(InvitationResponse, 'Invitation collection', {
      context: '/api/contexts/Invitation',
      id: `${EXAMPLE_ORGANIZATION}/invitations`,
    }),
    ApiProblems({ 400: 'Unknown status' }),
  );

export const RevokeInvitationDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'revokeInvitation', summary: 'Revoke a pending invitation' }),
    ApiJsonLdResponse(200, InvitationResponse, 'Invitation revoked'),
    ApiProblems({ 409: 'The invitation is no longer pending' }),
  );

export const ListMyInvitationsDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'listMyInvitations', summary: "The caller's pending invitations (by its email)" }),
    ApiHydraCollectionResponse(InvitationResponse, 'Invitation collection', {
      context: '/api/contexts/Invitation',
      id: '/api/invitations',
    }),
  );

export const AcceptInvitationDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'acceptInvitation', summary: 'Accept an invitation: join the organization' }),
    ApiJsonLdResponse(200, InvitationResponse, 'Invitation accepted; the caller is a member'),
    ApiProblems({ 404: 'No such invitation for the caller', 409: 'Already accepted, declined, revoked or expired' }),
  );

export const DeclineInvitationDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'declineInvitation', summary: 'Decline an invitation' }),
    ApiJsonLdResponse(200, InvitationResponse, 'Invitation declined'),
    ApiProblems({ 404: 'No such invitation for the caller', 409: 'Already accepted, declined, revoked or expired' }),
  );

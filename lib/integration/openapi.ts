import { z } from "zod";
import { MAX_BATCH, dossierBatchSchema, dossierReportSchema, invitationSchema, invitationStatusSchema, problemSchema } from "./schemas";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod schemas that validate the
 * requests, so the two cannot drift apart. Request bodies are described as input (what a client
 * sends), responses as output.
 */
export function openApiDocument(serverUrl: string) {
  const schemas = { dossierReportSchema, dossierBatchSchema, invitationSchema, invitationStatusSchema, problemSchema };
  const json = z.toJSONSchema(z.object(schemas), { target: "draft-2020-12", io: "input", unrepresentable: "any" });
  // Named schemas become components; their references follow them there.
  const defs = JSON.parse(JSON.stringify(json.$defs ?? {}).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, unknown>;
  const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
  const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });
  const invitationList = { type: "object", properties: { invitations: { type: "array", items: ref("Invitation") } }, required: ["invitations"] };

  return {
    openapi: "3.1.0",
    info: {
      title: "Hài Lòng integration API",
      version: "1.0.0",
      description:
        "For the one-stop case system: report completed dossiers and get each one's survey invitation. Send the key as `Authorization: Bearer hl_…`. Errors are RFC 9457 problem details naming the field at fault.",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API key created by an administrator, scoped to an agency subtree." } },
      schemas: defs,
    },
    paths: {
      "/dossiers": {
        post: {
          operationId: "reportDossiers",
          summary: `Report one completed dossier, or up to ${MAX_BATCH} as { dossiers: [...] }`,
          description:
            "Idempotent on (agencyCode, dossierCode): the same dossier again returns the same invitation. A batch is stored all or none.",
          parameters: [{ name: "qr", in: "query", required: false, schema: { type: "string", enum: ["svg"] }, description: "Add the QR of the survey URL as SVG." }],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { oneOf: [ref("DossierReport"), ref("DossierBatch")] } } },
          },
          responses: {
            "201": { description: "Stored; new dossiers or invitations were created.", content: { "application/json": { schema: { oneOf: [ref("Invitation"), invitationList] } } } },
            "200": { description: "Everything was known already (a retry).", content: { "application/json": { schema: { oneOf: [ref("Invitation"), invitationList] } } } },
            "400": problemResponse("Malformed body: the errors name each field."),
            "401": problemResponse("Missing, unknown or revoked key."),
            "403": problemResponse("An agency outside the key's subtree."),
            "409": problemResponse("The dossier was reported before with another procedure."),
            "413": problemResponse("Body too large."),
            "415": problemResponse("Body not JSON."),
            "422": problemResponse("Unknown agency, procedure, desk or officer code, or a procedure the agency does not handle."),
            "500": problemResponse("An error of the service: nothing was stored; the request may be sent again as it is."),
          },
        },
      },
      "/invitations/{id}": {
        get: {
          operationId: "getInvitation",
          summary: "The status of an invitation (issued, answered, expired, revoked); never the answers",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          responses: {
            "200": { description: "The invitation's status.", content: { "application/json": { schema: ref("InvitationStatus") } } },
            "400": problemResponse("The path is not valid percent-encoding."),
            "401": problemResponse("Missing, unknown or revoked key."),
            "404": problemResponse("No such invitation in the key's subtree."),
            "500": problemResponse("An error of the service; the request may be sent again."),
          },
        },
      },
    },
  };
}

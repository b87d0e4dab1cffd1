import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, errorStatus } from "@/lib/errors";
import { getLogger } from "@/lib/logger";

/** The one error body of every JSON route: `{ "error": { "code", "message", "details"? } }`. */
export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

export function errorResponse(error: AppError, headers?: HeadersInit) {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.fieldErrors) body.error.details = error.fieldErrors;
  else if (error.details !== undefined) body.error.details = error.details;
  return NextResponse.json(body, {
    status: errorStatus[error.code],
    headers: { ...error.headers, ...Object.fromEntries(new Headers(headers).entries()) },
  });
}

/** zod failures become 422 with the path of each problem. */
export function validationResponse(error: z.ZodError) {
  const body: ErrorBody = {
    error: {
      code: "unprocessable",
      message: "The request is not valid.",
      details: error.issues.map((issue) => ({
        path: issue.path.join("."),
        message: issue.message,
      })),
    },
  };
  return NextResponse.json(body, { status: 422 });
}

/**
 * Wraps a route handler so every failure leaves in the one error shape: AppError with its status,
 * zod errors as 422, anything else logged in full and answered with a generic 500.
 */
export function withErrorHandling<Args extends unknown[]>(
  name: string,
  handler: (...args: Args) => Promise<Response>,
) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof AppError) return errorResponse(error);
      if (error instanceof z.ZodError) return validationResponse(error);
      getLogger().error({ err: error, route: name }, "route failed");
      return errorResponse(new AppError("internal", "Something went wrong on our side."));
    }
  };
}

/** Reads and validates a JSON body; a broken body is a 400, a wrong shape a 422. */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("bad_request", "The body must be valid JSON.");
  }
  return schema.parse(body);
}

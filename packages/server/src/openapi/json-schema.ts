import { z } from 'zod';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as a plain object. */
export type JsonSchema = Record<string, unknown>;

/** An OpenAPI parameter object. */
export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

/**
 * The JSON Schema of a zod schema, as a request (`input`: defaults make fields optional) or a response
 * (`output`) sees it. Refinements and transforms cannot be expressed and are left out; the route still runs them.
 * Each schema in `refs` becomes a `$ref` to the component of that name instead of being inlined.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output', refs: ReadonlyMap<z.ZodType, string> = new Map()): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const name = refs.get(zodSchema as unknown as z.ZodType);
      if (name === undefined) return;
      for (const key of Object.keys(jsonSchema)) delete (jsonSchema as JsonSchema)[key];
      (jsonSchema as JsonSchema).$ref = `#/components/schemas/${name}`;
    },
  }) as JsonSchema;
  return rest;
}

/** The properties of an object JSON Schema, one query parameter each (required as the schema says). */
export function queryParameters(schema: JsonSchema): Parameter[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: required.has(name), ...(typeof description === 'string' ? { description } : {}), schema: rest };
  });
}

/** A required path parameter. */
export function pathParameter(name: string, description: string, schema: JsonSchema = { type: 'string' }): Parameter {
  return { name, in: 'path', required: true, description, schema };
}

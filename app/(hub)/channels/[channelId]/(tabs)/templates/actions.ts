"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/action";
import { definitionFromForm, templateFormSchema } from "@/lib/templates/form";
import {
  createChannelTemplate,
  deleteChannelTemplate,
  editChannelTemplate,
} from "@/lib/templates/store";

// Client users manage their own client's templates (their scope pins them to it).
export const createTemplateAction = authedAction(
  {
    name: "templates.create",
    access: "portal",
    schema: templateFormSchema.extend({ channelId: z.uuid() }),
  },
  async ({ channelId, ...form }, caller) => {
    const { scope } = caller;
    const created = await createChannelTemplate(scope, {
      channelId,
      body: definitionFromForm(form),
    });
    revalidatePath(`/channels/${channelId}/templates`);
    return { name: created.name, status: created.status };
  },
);

// The create form's fields, prefilled; the name and language are the template's (fixed input).
export const editTemplateAction = authedAction(
  {
    name: "templates.edit",
    access: "portal",
    schema: templateFormSchema.extend({ channelId: z.uuid() }),
  },
  async ({ channelId, ...form }, caller) => {
    const { scope } = caller;
    const { category, components } = definitionFromForm(form);
    const edited = await editChannelTemplate(scope, {
      channelId,
      name: form.name,
      language: form.language,
      body: { category, components },
    });
    // No revalidatePath: re-rendered here, the page would swap the form for "in review" before
    // it could say so; the form navigates back to the list, which reads the row fresh.
    return { name: edited.name, language: edited.language, status: edited.status };
  },
);

export const deleteTemplateAction = authedAction(
  {
    name: "templates.delete",
    access: "portal",
    schema: z.object({ channelId: z.uuid(), name: z.string().min(1) }),
  },
  async ({ channelId, name }, caller) => {
    const { scope } = caller;
    const result = await deleteChannelTemplate(scope, { channelId, name });
    revalidatePath(`/channels/${channelId}/templates`);
    return result;
  },
);

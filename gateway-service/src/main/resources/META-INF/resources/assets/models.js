// What GET /models says about a model's life: shared by the generate page (its model list) and the admin page.

/** `active`, `shutting_down` or `shut_down`, whatever casing the API writes it in. */
export function modelStatus(model) {
    return String(model.status || 'active').toLowerCase();
}

/** The label of a model in a list: a shut-down one names what runs instead, one shutting down says when. */
export function modelLabel(model) {
    const status = modelStatus(model);
    if (status === 'shut_down') {
        return model.replaced_by ? `${model.name} → runs on ${model.replaced_by}` : `${model.name} (shut down)`;
    }
    if (status === 'shutting_down') {
        return `${model.name} — shuts down ${model.shutdown_date || 'soon'}`
            + (model.replaced_by ? `, then ${model.replaced_by}` : '');
    }
    return model.name;
}

/** A sentence about a model that is shut down or shutting down, or null for one that simply works. */
export function modelNotice(model) {
    const status = modelStatus(model);
    if (status === 'shut_down') {
        return model.replaced_by
            ? `${model.name} was shut down${model.shutdown_date ? ` on ${model.shutdown_date}` : ''}: `
                + `${model.replaced_by} runs in its place, with these options translated to its own.`
            : `${model.name} was shut down and nothing runs in its place: choose another model.`;
    }
    if (status === 'shutting_down') {
        return `${model.name} shuts down on ${model.shutdown_date || 'a date OpenAI has announced'}`
            + (model.replaced_by ? `; after that, ${model.replaced_by} runs in its place.` : '.');
    }
    return null;
}

/** Whether a request can still name the model: it works, or something runs in its place. */
export function usable(model) {
    return modelStatus(model) !== 'shut_down' || Boolean(model.replaced_by);
}

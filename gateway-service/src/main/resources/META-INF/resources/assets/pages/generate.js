// Generate: write a prompt, pick the options, see the price and what is left, then watch the job live.
import {api, imageUrl} from '../api.js';
import {isLive, onLive} from '../live.js';
import {formatCost, h, navigate, showError, showNotice} from '../ui.js';

const STAGES = {
    queued: 'Waiting in the queue', started: 'Started', generating: 'Generating the image',
    storing: 'Saving to your gallery', completed: 'Done', failed: 'Failed', cancelled: 'Cancelled',
};
const FALLBACK_POLL_MS = 3000;
const NEW_COLLECTION = '__new__';

/** An Idempotency-Key; crypto.randomUUID exists only on https or localhost, getRandomValues everywhere. */
function newKey() {
    if (crypto.randomUUID) {
        return crypto.randomUUID();
    }
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return [...bytes].map(b => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The models generation-service accepts, from its configuration: `{default_model, models: [{name, sizes, qualities,
 * styles, prompt_limit, ...}]}`, the first value of each list being the default. Null, with the reason in place of
 * `placeholder`, when they cannot be read: a form without them could only send requests the API refuses.
 */
async function loadModels(placeholder) {
    try {
        return await api('GET', '/models');
    } catch (error) {
        placeholder.replaceWith(h('div', {id: 'models-unavailable', class: 'card', role: 'alert'},
            h('p', {}, `The models could not be loaded: ${error.detail || error.message}`),
            h('div', {class: 'actions'}, h('button', {type: 'button', class: 'primary',
                onclick: () => navigate(location.pathname + location.search)}, 'Try again'))));
        return null;
    }
}

export default async function render(root) {
    // On the page at once: if the user moves on while the models load, the router empties it and the rest
    // below fills a placeholder that is no longer shown.
    const placeholder = h('p', {class: 'loading'}, 'Loading the models…');
    root.append(h('h1', {}, 'Generate an image'), placeholder);
    const catalog = await loadModels(placeholder);
    if (!catalog) {
        return null;
    }
    const profiles = new Map(catalog.models.map(profile => [profile.name, profile]));
    let task = null; // {id, prompt, done}
    const seen = new Map(); // latest job event per task: an event may arrive before the POST answers
    let pollTimer = null;
    let estimateTimer = null;

    const prompt = h('textarea', {id: 'prompt', name: 'prompt', rows: 5, required: true,
        'aria-describedby': 'prompt-count', placeholder: 'A cute golden retriever puppy playing in a garden'});
    const count = h('p', {id: 'prompt-count', class: 'hint'});
    const model = h('select', {id: 'model', name: 'model'}, catalog.models.map(({name}) =>
        h('option', {value: name, selected: name === catalog.default_model}, name)));
    const size = h('select', {id: 'size', name: 'size'});
    const quality = h('select', {id: 'quality', name: 'quality'});
    const style = h('select', {id: 'style', name: 'style'});
    const qualityField = h('div', {class: 'field'}, h('label', {for: 'quality'}, 'Quality'), quality);
    const styleField = h('div', {class: 'field'}, h('label', {for: 'style'}, 'Style'), style);
    const estimate = h('p', {id: 'estimate', class: 'estimate', 'aria-live': 'polite'}, 'Working out the price…');
    const submit = h('button', {type: 'submit', class: 'primary', id: 'generate'}, 'Generate');

    const stage = h('p', {id: 'job-stage', class: 'job-stage'});
    const fill = h('div', {class: 'progress-fill'});
    const bar = h('div', {id: 'progress', class: 'progress', role: 'progressbar', 'aria-label': 'Generation progress',
        'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0}, fill);
    const cancel = h('button', {type: 'button', id: 'cancel', onclick: cancelJob}, 'Cancel');
    const job = h('section', {id: 'job', class: 'card job', 'aria-labelledby': 'job-heading', hidden: true},
        h('h2', {id: 'job-heading'}, 'Progress'), stage, bar, h('div', {class: 'actions'}, cancel));
    const result = h('section', {id: 'result', class: 'card result', 'aria-labelledby': 'result-heading', hidden: true});

    const form = h('form', {class: 'card generate-form', novalidate: true, onsubmit: generate},
        h('div', {class: 'field'}, h('label', {for: 'prompt'}, 'Prompt'), prompt, count),
        h('div', {class: 'fields'},
            h('div', {class: 'field'}, h('label', {for: 'model'}, 'Model'), model),
            h('div', {class: 'field'}, h('label', {for: 'size'}, 'Size'), size),
            qualityField, styleField),
        estimate,
        h('div', {class: 'actions'}, submit));
    placeholder.replaceWith(form, job, result);

    function profile() {
        return profiles.get(model.value);
    }

    function fillOptions() {
        const {sizes, qualities, styles} = profile();
        size.replaceChildren(...sizes.map(value => h('option', {value}, value)));
        quality.replaceChildren(...qualities.map(value => h('option', {value}, value)));
        style.replaceChildren(...styles.map(value => h('option', {value}, value)));
        qualityField.hidden = qualities.length === 0;
        styleField.hidden = styles.length === 0;
        countPrompt();
    }

    function countPrompt() {
        const used = [...prompt.value].length;
        const limit = profile().prompt_limit;
        count.textContent = `${used} / ${limit} characters`;
        count.classList.toggle('over', used > limit);
    }

    function options() {
        const chosen = {model: model.value, size: size.value};
        if (!qualityField.hidden) {
            chosen.quality = quality.value;
        }
        if (!styleField.hidden) {
            chosen.style = style.value;
        }
        return chosen;
    }

    function refreshEstimate() {
        clearTimeout(estimateTimer);
        estimateTimer = setTimeout(async () => {
            const {model: m, size: s, quality: q} = options();
            const query = new URLSearchParams({model: m, size: s});
            if (q) {
                query.set('quality', q);
            }
            try {
                const answer = await api('GET', `/images/estimate?${query}`);
                estimate.replaceChildren(
                    h('span', {}, 'Cost: ', h('strong', {id: 'estimate-cost'}, formatCost(answer.cost))), ' · ',
                    h('span', {}, 'Left today: ', h('strong', {id: 'estimate-today'},
                        `${answer.remaining_images_today} ${answer.remaining_images_today === 1 ? 'image' : 'images'}`)),
                    ' · ',
                    h('span', {}, 'Left this month: ', h('strong', {id: 'estimate-month'},
                        formatCost(answer.remaining_budget_month))));
            } catch (error) {
                estimate.textContent = `No estimate: ${error.detail || error.message}`;
            }
        }, 150);
    }

    async function generate(event) {
        event.preventDefault();
        submit.disabled = true;
        try {
            const body = {prompt: prompt.value, ...options()};
            const accepted = await api('POST', '/images/generate', body, {headers: {'Idempotency-Key': newKey()}});
            task = {id: accepted.task_id, prompt: body.prompt, done: false};
            result.hidden = true;
            result.replaceChildren();
            job.hidden = false;
            cancel.hidden = false;
            showProgress('queued', 0);
            job.scrollIntoView({behavior: 'smooth', block: 'nearest'});
            const early = seen.get(task.id);
            if (early) {
                applyEvent(early);
            }
            startFallbackPoll();
            refreshEstimate();
        } catch (error) {
            showError(error);
        } finally {
            submit.disabled = false;
        }
    }

    function showProgress(stageName, progress) {
        const value = Math.max(0, Math.min(100, Number(progress) || 0));
        bar.setAttribute('aria-valuenow', String(value));
        bar.setAttribute('aria-valuetext', `${value}% · ${STAGES[stageName] || stageName}`);
        fill.style.width = `${value}%`;
        stage.textContent = `${STAGES[stageName] || stageName} — ${value}%`;
    }

    function applyEvent(event) {
        if (!task || task.done || event.task_id !== task.id) {
            return;
        }
        if (event.type === 'stored') {
            finish({id: event.image_id, imageUrl: event.image_url, revisedPrompt: event.revised_prompt});
        } else if (event.type === 'failed' || event.type === 'cancelled') {
            fail(event.type, event.error && event.error.message);
        } else {
            const current = Number(bar.getAttribute('aria-valuenow'));
            showProgress(event.stage || event.type, Math.max(current, event.progress || 0));
        }
    }

    function finish(image) {
        task.done = true;
        stopFallbackPoll();
        cancel.hidden = true;
        showProgress('completed', 100);
        showResult(image);
        refreshEstimate();
    }

    function fail(type, message) {
        task.done = true;
        stopFallbackPoll();
        cancel.hidden = true;
        stage.textContent = `${STAGES[type]}${message ? `: ${message}` : ''}`;
        if (type === 'failed') {
            showError(new Error(message || 'The image could not be generated.'));
        }
        refreshEstimate();
    }

    /** Reads the task once: after a reconnect, or while there is no live connection to tell us. */
    async function readStatus() {
        if (!task || task.done) {
            return;
        }
        const current = task;
        try {
            const status = await api('GET', `/images/tasks/${current.id}/status`);
            if (current !== task || task.done) {
                return;
            }
            if (status.status === 'completed' && status.image_data) {
                finish({id: status.image_data.id, imageUrl: status.image_data.image_url,
                    revisedPrompt: status.image_data.revised_prompt});
            } else if (status.status === 'failed' || status.status === 'cancelled') {
                fail(status.status, status.error && status.error.message);
            } else {
                showProgress(status.stage || 'queued', Math.max(Number(bar.getAttribute('aria-valuenow')), status.progress));
            }
        } catch (error) {
            showError(error);
        }
    }

    function startFallbackPoll() {
        stopFallbackPoll();
        pollTimer = setInterval(() => {
            if (!isLive()) {
                readStatus();
            }
        }, FALLBACK_POLL_MS);
    }

    function stopFallbackPoll() {
        clearInterval(pollTimer);
        pollTimer = null;
    }

    async function cancelJob() {
        if (!task || task.done) {
            return;
        }
        try {
            await api('DELETE', `/images/tasks/${task.id}`);
            fail('cancelled');
        } catch (error) {
            showError(error);
        }
    }

    async function showResult(image) {
        const heading = h('h2', {id: 'result-heading'}, 'Your image');
        // Shown once its bytes are here, so the page never flashes a broken-image icon.
        const picture = h('img', {id: 'result-image', alt: `Generated image: ${task.prompt}`, hidden: true});
        const placeholder = h('p', {class: 'image-placeholder'}, 'Loading the image…');
        picture.addEventListener('load', () => {
            placeholder.remove();
            picture.hidden = false;
        });
        const download = h('a', {id: 'download', class: 'button', download: `imagegen-${image.id}.png`,
            'aria-disabled': 'true'}, 'Download');
        result.replaceChildren(heading,
            h('figure', {class: 'result-figure'}, placeholder, picture,
                h('figcaption', {}, h('strong', {}, 'Revised prompt: '),
                    h('span', {id: 'revised-prompt'}, image.revisedPrompt || '(none)'))),
            h('div', {class: 'actions'}, download,
                h('a', {id: 'open-in-gallery', href: `/app/gallery/${image.id}`, 'data-link': true}, 'Open in gallery')),
            collectionPicker(image.id));
        result.hidden = false;
        result.scrollIntoView({behavior: 'smooth', block: 'start'});
        try {
            const url = await imageUrl(image.imageUrl);
            picture.src = url;
            download.href = url;
            download.removeAttribute('aria-disabled');
        } catch (error) {
            placeholder.textContent = 'The image could not be loaded.';
            showError(error);
        }
    }

    function collectionPicker(imageId) {
        const choice = h('select', {id: 'collection', name: 'collection'},
            h('option', {value: NEW_COLLECTION}, 'New collection…'));
        const name = h('input', {id: 'collection-name', name: 'collection-name', maxlength: 100,
            placeholder: 'Favourites'});
        const nameField = h('div', {class: 'field'}, h('label', {for: 'collection-name'}, 'New collection name'), name);
        const add = h('button', {type: 'submit', id: 'add-to-collection'}, 'Add to collection');
        choice.addEventListener('change', () => {
            nameField.hidden = choice.value !== NEW_COLLECTION;
        });
        api('GET', '/collections').then(list => {
            for (const collection of list.items || []) {
                choice.insertBefore(h('option', {value: collection.id}, collection.name), choice.lastChild);
            }
            if ((list.items || []).length > 0) {
                choice.value = list.items[0].id;
                nameField.hidden = true;
            }
        }, showError);
        return h('form', {class: 'add-to-collection', 'aria-label': 'Add to a collection', novalidate: true,
            onsubmit: async event => {
                event.preventDefault();
                add.disabled = true;
                try {
                    let id = choice.value;
                    let label = choice.selectedOptions[0].textContent;
                    if (id === NEW_COLLECTION) {
                        const created = await api('POST', '/collections', {name: name.value.trim()});
                        id = created.id;
                        label = created.name;
                        choice.insertBefore(h('option', {value: id}, label), choice.lastChild);
                        choice.value = id;
                        nameField.hidden = true;
                        name.value = '';
                    }
                    await api('PUT', `/collections/${id}/images/${imageId}`);
                    showNotice(`Added to “${label}”.`);
                } catch (error) {
                    showError(error);
                } finally {
                    add.disabled = false;
                }
            }},
        h('h3', {}, 'Add to a collection'),
        h('div', {class: 'fields'},
            h('div', {class: 'field'}, h('label', {for: 'collection'}, 'Collection'), choice),
            nameField),
        h('div', {class: 'actions'}, add));
    }

    model.addEventListener('change', () => {
        fillOptions();
        refreshEstimate();
    });
    size.addEventListener('change', refreshEstimate);
    quality.addEventListener('change', refreshEstimate);
    prompt.addEventListener('input', countPrompt);
    fillOptions();
    refreshEstimate();

    const stopJobs = onLive('job', event => {
        seen.set(event.task_id, event);
        applyEvent(event);
        // An image made elsewhere (a chat, another tab) also uses up the allowance shown here.
        if (event.type === 'stored' && (!task || event.task_id !== task.id)) {
            refreshEstimate();
        }
    });
    const stopReconnect = onLive('reconnected', () => {
        readStatus();
        refreshEstimate();
    });
    return () => {
        stopJobs();
        stopReconnect();
        stopFallbackPoll();
        clearTimeout(estimateTimer);
    };
}

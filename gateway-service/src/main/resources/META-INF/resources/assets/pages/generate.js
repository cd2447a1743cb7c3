// Generate: write a prompt, pick what the chosen model offers, see the price and what is left, then watch the job live.
import {api, imageUrl} from '../api.js';
import {isLive, onLive} from '../live.js';
import {modelLabel, modelNotice, usable} from '../models.js';
import {formatCost, h, navigate, showError, showNotice} from '../ui.js';

const STAGES = {
    queued: 'Waiting in the queue', started: 'Started', generating: 'Generating the image',
    storing: 'Saving to your gallery', completed: 'Done', failed: 'Failed', cancelled: 'Cancelled',
};
const FALLBACK_POLL_MS = 3000;
const NEW_COLLECTION = '__new__';
const CUSTOM_SIZE = 'custom';
// Only these formats have an alpha channel: OpenAI takes a transparent background with png or webp alone.
const TRANSPARENT_FORMATS = ['png', 'webp'];
// output_compression applies to the lossy formats only.
const COMPRESSED_FORMATS = ['jpeg', 'webp'];
const integers = new Intl.NumberFormat('en-US');

/** An Idempotency-Key; crypto.randomUUID exists only on https or localhost, getRandomValues everywhere. */
function newKey() {
    if (crypto.randomUUID) {
        return crypto.randomUUID();
    }
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return [...bytes].map(b => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The models generation-service accepts, from its configuration: `{default_model, models: [{name, status, sizes,
 * custom_sizes, qualities, ...}]}`, the first value of each list being the default. Null, with the reason in place
 * of `placeholder`, when they cannot be read: a form without them could only send requests the API refuses.
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

/** Why `width`×`height` breaks the model's custom size rules (as generation-service checks them), or null. */
function customSizeProblem(rules, width, height) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
        return 'Enter the width and the height in whole pixels.';
    }
    if (width % rules.multiple !== 0 || height % rules.multiple !== 0) {
        return `Both sides must be multiples of ${rules.multiple} px.`;
    }
    if (Math.max(width, height) > rules.max_edge) {
        return `The longest side must be at most ${integers.format(rules.max_edge)} px.`;
    }
    if (Math.max(width, height) / Math.min(width, height) > rules.max_aspect_ratio) {
        return `The long side must be at most ${rules.max_aspect_ratio} times the short side.`;
    }
    const pixels = width * height;
    if (pixels < rules.min_pixels || pixels > rules.max_pixels) {
        return `The image must have between ${integers.format(rules.min_pixels)} and `
            + `${integers.format(rules.max_pixels)} pixels (this one has ${integers.format(pixels)}).`;
    }
    return null;
}

/** A select's options, keeping the current choice when it is still offered, else the first (the model's default). */
function offer(select, values, label = value => value) {
    const previous = select.value;
    select.replaceChildren(...values.map(value => h('option', {value}, label(value))));
    if (values.includes(previous)) {
        select.value = previous;
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
    // The model a request without one runs on comes first, whatever order the list has.
    const models = [...catalog.models].sort((a, b) =>
        Number(b.name === catalog.default_model) - Number(a.name === catalog.default_model));
    const profiles = new Map(models.map(profile => [profile.name, profile]));
    let task = null; // {id, prompt, n, background, format, done}
    const seen = new Map(); // latest job event per task: an event may arrive before the POST answers
    let pollTimer = null;
    let estimateTimer = null;
    let estimateTicket = 0;

    const prompt = h('textarea', {id: 'prompt', name: 'prompt', rows: 5, required: true,
        'aria-describedby': 'prompt-count', placeholder: 'A cute golden retriever puppy playing in a garden'});
    const count = h('p', {id: 'prompt-count', class: 'hint'});
    const model = h('select', {id: 'model', name: 'model', 'aria-describedby': 'model-notice'},
        models.map(profile => h('option', {value: profile.name, selected: profile.name === catalog.default_model,
            disabled: !usable(profile)}, modelLabel(profile))));
    const modelHint = h('p', {id: 'model-notice', class: 'hint model-notice', 'aria-live': 'polite'});
    const size = h('select', {id: 'size', name: 'size'});
    const width = h('input', {id: 'size-width', name: 'width', type: 'number', min: 1, step: 1, inputmode: 'numeric',
        'aria-describedby': 'size-hint', value: 1024});
    const height = h('input', {id: 'size-height', name: 'height', type: 'number', min: 1, step: 1,
        inputmode: 'numeric', 'aria-describedby': 'size-hint', value: 1024});
    const sizeHint = h('p', {id: 'size-hint', class: 'hint', 'aria-live': 'polite'});
    const quality = h('select', {id: 'quality', name: 'quality'});
    const n = h('input', {id: 'n', name: 'n', type: 'number', min: 1, step: 1, value: 1, inputmode: 'numeric'});
    const style = h('select', {id: 'style', name: 'style'});
    const format = h('select', {id: 'output-format', name: 'output_format'});
    const background = h('select', {id: 'background', name: 'background', 'aria-describedby': 'background-hint'});
    const backgroundHint = h('p', {id: 'background-hint', class: 'hint'});
    const compression = h('input', {id: 'compression', name: 'output_compression', type: 'number', min: 0, max: 100,
        step: 1, inputmode: 'numeric', placeholder: 'default', 'aria-describedby': 'compression-hint'});
    const moderation = h('select', {id: 'moderation', name: 'moderation'});
    const field = (id, label, ...controls) => h('div', {class: 'field'}, h('label', {for: id}, label), ...controls);
    const customField = h('div', {class: 'fields custom-size'},
        field('size-width', 'Width (px)', width), field('size-height', 'Height (px)', height), sizeHint);
    const qualityField = field('quality', 'Quality', quality);
    const nField = field('n', 'Images', n);
    const styleField = field('style', 'Style', style);
    const formatField = field('output-format', 'Format', format);
    const backgroundField = field('background', 'Background', background, backgroundHint);
    const compressionField = field('compression', 'Compression (0–100)', compression,
        h('p', {id: 'compression-hint', class: 'hint'}, 'Empty: the provider’s default.'));
    const moderationField = field('moderation', 'Moderation', moderation);
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
        h('div', {class: 'field'}, h('label', {for: 'model'}, 'Model'), model, modelHint),
        h('div', {class: 'fields'},
            field('size', 'Size', size), qualityField, nField, styleField),
        customField,
        h('div', {class: 'fields'}, formatField, backgroundField, compressionField, moderationField),
        estimate,
        h('div', {class: 'actions'}, submit));
    placeholder.replaceWith(form, job, result);

    function profile() {
        return profiles.get(model.value);
    }

    /** The form offers what the chosen model takes: an option it lacks is hidden and never sent. */
    function fillOptions() {
        const chosen = profile();
        modelHint.textContent = modelNotice(chosen) || '';
        const presets = chosen.sizes || [];
        offer(size, chosen.custom_sizes ? [...presets, CUSTOM_SIZE] : presets,
            value => (value === CUSTOM_SIZE ? 'Custom…' : value));
        offer(quality, chosen.qualities || []);
        offer(style, chosen.styles || []);
        offer(format, chosen.output_formats || []);
        offer(moderation, chosen.moderations || []);
        qualityField.hidden = quality.options.length === 0;
        styleField.hidden = style.options.length === 0;
        formatField.hidden = format.options.length === 0;
        moderationField.hidden = moderation.options.length === 0;
        const most = Math.max(1, chosen.max_images || 1);
        n.max = String(most);
        nField.hidden = most === 1;
        if (nField.hidden || Number(n.value) > most) {
            n.value = String(Math.min(Math.max(1, Number(n.value) || 1), most));
        }
        fitFormat();
        countPrompt();
    }

    /** Transparency and compression depend on the format: offer them only where it allows them. */
    function fitFormat() {
        const chosen = profile();
        const backgrounds = chosen.backgrounds || [];
        const alpha = formatField.hidden || TRANSPARENT_FORMATS.includes(format.value);
        offer(background, backgrounds.filter(value => value !== 'transparent' || alpha));
        backgroundField.hidden = background.options.length === 0;
        backgroundHint.textContent = backgrounds.includes('transparent') && !alpha
            ? `Transparent needs ${TRANSPARENT_FORMATS.join(' or ')}.` : '';
        compressionField.hidden = !chosen.output_compression || !COMPRESSED_FORMATS.includes(format.value);
        customField.hidden = size.value !== CUSTOM_SIZE;
        checkInputs();
    }

    function countPrompt() {
        const used = [...prompt.value].length;
        const limit = profile().prompt_limit;
        count.textContent = `${used} / ${limit} characters`;
        count.classList.toggle('over', used > limit);
    }

    /** Checks the typed numbers as the API would; the first problem, or null. Each box says its own. */
    function checkInputs() {
        const problems = [];
        if (!customField.hidden) {
            const problem = customSizeProblem(profile().custom_sizes, Number(width.value), Number(height.value));
            sizeHint.textContent = problem || `${width.value}×${height.value} px`;
            sizeHint.classList.toggle('over', Boolean(problem));
            width.setCustomValidity(problem || '');
            height.setCustomValidity(problem || '');
            problems.push(problem);
        }
        if (!nField.hidden) {
            const value = Number(n.value);
            const problem = Number.isInteger(value) && value >= 1 && value <= Number(n.max) ? null
                : `Choose between 1 and ${n.max} images.`;
            n.setCustomValidity(problem || '');
            problems.push(problem);
        }
        if (!compressionField.hidden && compression.value.trim() !== '') {
            const value = Number(compression.value);
            const problem = Number.isInteger(value) && value >= 0 && value <= 100 ? null
                : 'Compression is a whole number from 0 to 100.';
            compression.setCustomValidity(problem || '');
            problems.push(problem);
        }
        return problems.find(Boolean) || null;
    }

    /** The request's options, in the API's names; only those the model takes. */
    function options() {
        const chosen = {model: model.value,
            size: size.value === CUSTOM_SIZE ? `${Number(width.value)}x${Number(height.value)}` : size.value};
        if (!qualityField.hidden) {
            chosen.quality = quality.value;
        }
        if (!nField.hidden) {
            chosen.n = Number(n.value);
        }
        if (!styleField.hidden) {
            chosen.style = style.value;
        }
        if (!formatField.hidden) {
            chosen.output_format = format.value;
        }
        if (!backgroundField.hidden) {
            chosen.background = background.value;
        }
        if (!compressionField.hidden && compression.value.trim() !== '') {
            chosen.output_compression = Number(compression.value);
        }
        if (!moderationField.hidden) {
            chosen.moderation = moderation.value;
        }
        return chosen;
    }

    function refreshEstimate() {
        clearTimeout(estimateTimer);
        const ticket = ++estimateTicket;
        const problem = checkInputs();
        if (problem) {
            estimate.textContent = `No estimate: ${problem}`;
            return;
        }
        estimateTimer = setTimeout(async () => {
            const chosen = options();
            const query = new URLSearchParams({model: chosen.model, size: chosen.size});
            for (const name of ['quality', 'n', 'background', 'output_format']) {
                if (chosen[name] !== undefined) {
                    query.set(name, chosen[name]);
                }
            }
            try {
                const answer = await api('GET', `/images/estimate?${query}`);
                // Options change faster than answers come: only the latest request's answer is shown.
                if (ticket === estimateTicket) {
                    showEstimate(answer);
                }
            } catch (error) {
                if (ticket === estimateTicket) {
                    estimate.textContent = `No estimate: ${error.detail || error.message}`;
                }
            }
        }, 150);
    }

    function showEstimate(answer) {
        const images = Number(answer.n) || 1;
        const tokens = String(answer.price_kind || '').toLowerCase() === 'token'
            && answer.estimated_output_tokens !== undefined && answer.estimated_output_tokens !== null;
        const parts = [
            h('span', {}, 'Cost: ', h('strong', {id: 'estimate-cost'}, formatCost(answer.cost))),
            images > 1 ? [' (', h('span', {id: 'estimate-per-image'}, `${formatCost(answer.cost_per_image)} per image`),
                ')'] : null,
            tokens ? [' · ', h('span', {id: 'estimate-tokens'},
                `≈ ${integers.format(answer.estimated_output_tokens)} output tokens${images > 1 ? ' per image' : ''}`)]
                : null,
            answer.requested_model && answer.model && answer.requested_model !== answer.model
                ? [' · ', h('span', {id: 'estimate-runs-on'}, `Runs on ${answer.model}`)] : null,
            ' · ',
            h('span', {}, 'Left today: ', h('strong', {id: 'estimate-today'},
                `${answer.remaining_images_today} ${answer.remaining_images_today === 1 ? 'image' : 'images'}`)),
            ' · ',
            h('span', {}, 'Left this month: ', h('strong', {id: 'estimate-month'},
                formatCost(answer.remaining_budget_month))),
        ];
        estimate.replaceChildren(...parts.flat().filter(part => part !== null));
    }

    async function generate(event) {
        event.preventDefault();
        const problem = checkInputs();
        if (problem) {
            showError(new Error(problem));
            return;
        }
        submit.disabled = true;
        try {
            const body = {prompt: prompt.value, ...options()};
            const accepted = await api('POST', '/images/generate', body, {headers: {'Idempotency-Key': newKey()}});
            task = {id: accepted.task_id, prompt: body.prompt, n: body.n || 1, background: body.background,
                format: body.output_format || 'png', done: false};
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
        if (event.type === 'stored' && task.n > 1 && !(event.images && event.images.length)) {
            readStatus(); // an event that names only the first image: the task's status lists them all
        } else if (event.type === 'stored') {
            // `images` lists every image of a job that made several; the first is also in image_id and its urls.
            const images = event.images && event.images.length ? event.images
                : [{image_id: event.image_id, image_url: event.image_url}];
            finish(images.map(image => ({id: image.image_id || image.id, imageUrl: image.image_url})),
                event.revised_prompt);
        } else if (event.type === 'failed' || event.type === 'cancelled') {
            fail(event.type, event.error && event.error.message);
        } else {
            const current = Number(bar.getAttribute('aria-valuenow'));
            showProgress(event.stage || event.type, Math.max(current, event.progress || 0));
        }
    }

    /** The job is done: `images` are [{id, imageUrl}] in order. */
    function finish(images, revisedPrompt) {
        task.done = true;
        stopFallbackPoll();
        cancel.hidden = true;
        showProgress('completed', 100);
        showResult(images, revisedPrompt);
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
                const images = status.images && status.images.length ? status.images : [status.image_data];
                finish(images.map(image => ({id: image.id, imageUrl: image.image_url})),
                    status.image_data.revised_prompt);
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

    /** Every image of the job, each with its download and gallery link; the first keeps the page's well-known ids. */
    function showResult(images, revisedPrompt) {
        const several = images.length > 1;
        const extension = task.format === 'jpeg' ? 'jpg' : task.format;
        const pictures = images.map((image, index) => resultImage(image, index, several, extension));
        result.replaceChildren(
            h('h2', {id: 'result-heading'}, several ? `Your ${images.length} images` : 'Your image'),
            h('div', {class: several ? 'result-images several' : 'result-images'}, pictures),
            h('p', {class: 'revised'}, h('strong', {}, 'Revised prompt: '),
                h('span', {id: 'revised-prompt'}, revisedPrompt || '(none)')),
            collectionPicker(images.map(image => image.id)));
        result.hidden = false;
        result.scrollIntoView({behavior: 'smooth', block: 'start'});
    }

    function resultImage(image, index, several, extension) {
        const first = index === 0;
        const label = several ? `Image ${index + 1} of the prompt: ${task.prompt}` : `Generated image: ${task.prompt}`;
        // Shown once its bytes are here, so the page never flashes a broken-image icon; a transparent one on a
        // checkerboard, so its transparency shows.
        const picture = h('img', {id: first ? 'result-image' : null, alt: label, hidden: true,
            class: task.background === 'transparent' ? 'result-image checkerboard' : 'result-image'});
        const waiting = h('p', {class: 'image-placeholder'}, 'Loading the image…');
        picture.addEventListener('load', () => {
            waiting.remove();
            picture.hidden = false;
        });
        const download = h('a', {id: first ? 'download' : null, class: 'button download-image',
            download: `imagegen-${image.id}.${extension}`, 'aria-disabled': 'true',
            'aria-label': several ? `Download image ${index + 1}` : null}, 'Download');
        imageUrl(image.imageUrl).then(url => {
            picture.src = url;
            download.href = url;
            download.removeAttribute('aria-disabled');
        }, error => {
            waiting.textContent = 'The image could not be loaded.';
            showError(error);
        });
        return h('figure', {class: 'result-figure', 'data-image-id': image.id}, waiting, picture,
            h('figcaption', {class: 'actions'}, download,
                h('a', {id: first ? 'open-in-gallery' : null, class: 'open-in-gallery', href: `/app/gallery/${image.id}`,
                    'data-link': true, 'aria-label': several ? `Open image ${index + 1} in the gallery` : null},
                'Open in gallery')));
    }

    /** Adds the job's images (`imageIds`) to a collection, a new one or one of the user's. */
    function collectionPicker(imageIds) {
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
                    for (const imageId of imageIds) {
                        await api('PUT', `/collections/${id}/images/${imageId}`);
                    }
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
    for (const control of [size, format]) {
        control.addEventListener('change', () => {
            fitFormat();
            refreshEstimate();
        });
    }
    for (const control of [quality, background]) {
        control.addEventListener('change', refreshEstimate);
    }
    // Typed numbers: the price follows as they are typed.
    for (const control of [n, width, height]) {
        control.addEventListener('input', refreshEstimate);
    }
    compression.addEventListener('input', checkInputs);
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

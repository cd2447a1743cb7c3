// The gallery: a searchable grid of the user's images and, at /app/gallery/:imageId, a lightbox over it.
// Also exports the image grid and the inline confirmation that the collections and chat pages reuse.
import {api, imageUrl} from '../api.js';
import {onLive} from '../live.js';
import {formatCost, h, navigate, showError, showNotice} from '../ui.js';

const PAGE_SIZE = 24;
const DAY_MS = 24 * 60 * 60 * 1000;
const FILTERS = ['q', 'favorite', 'tag', 'model', 'sort', 'from', 'to'];
const FORMATS = [['png', 'PNG', 'png'], ['jpeg', 'JPEG', 'jpg'], ['webp', 'WebP', 'webp']];
const NOTE_MAX = 1000;

/** The API's report reasons in words; the admin page shows reports with the same words. */
export const REPORT_REASONS = [
    ['sexual', 'Sexual content'],
    ['violence', 'Violence'],
    ['hate', 'Hate or harassment'],
    ['self_harm', 'Self-harm'],
    ['illegal', 'Illegal content'],
    ['other', 'Something else'],
];

// How many pages the user had loaded for a search and which image they last viewed, so closing the
// lightbox shows the same grid again with focus back on that image.
let remembered = {filters: null, pages: 1, focus: null};

export default async function render(root, params) {
    const filters = new URLSearchParams();
    for (const name of FILTERS) {
        const value = params.query.get(name);
        if (value) {
            filters.set(name, value);
        }
    }
    const search = filters.toString();
    if (remembered.filters !== search) {
        remembered = {filters: search, pages: 1, focus: null};
    }
    const suffix = search ? `?${search}` : '';
    const grid = imageGrid({
        label: 'Your images',
        href: image => `/app/gallery/${image.id}${suffix}`,
        extras: image => favoriteButton(image),
    });
    const summary = h('p', {class: 'result-count', 'aria-live': 'polite'});
    const tagChoices = h('datalist', {id: 'gallery-tags'});
    const more = h('button', {type: 'button', class: 'load-more', hidden: true, onclick: () => loadPage(++remembered.pages)},
        'Load more');
    root.append(h('section', {class: 'page gallery-page'},
        h('h1', {}, 'Gallery'),
        filterForm(filters, tagChoices),
        summary,
        grid.element,
        more));

    let total = 0;
    function showSummary() {
        more.hidden = grid.items().length >= total;
        const tags = new Set(grid.items().flatMap(image => image.tags));
        tagChoices.replaceChildren(...[...tags].sort().map(tag => h('option', {value: tag})));
        summary.textContent = total === 0 ? (search ? 'No images match.' : 'No images yet: generate one first.')
            : `Showing ${grid.items().length} of ${total} ${total === 1 ? 'image' : 'images'}.`;
    }
    async function loadPage(page) {
        more.disabled = true;
        try {
            const query = new URLSearchParams(filters);
            if (filters.has('to')) {
                // The API's bound is exclusive; "until" a day includes that day.
                query.set('to', new Date(Date.parse(filters.get('to')) + DAY_MS).toISOString().slice(0, 10));
            }
            query.set('page', page);
            query.set('size', PAGE_SIZE);
            const result = await api('GET', `/images/gallery?${query}`);
            total = result.total;
            grid.add(result.items);
        } catch (error) {
            showError(error);
        } finally {
            more.disabled = false;
            showSummary();
        }
    }
    for (let page = 1; page <= remembered.pages; page++) {
        await loadPage(page);
    }
    // Images made meanwhile (in a chat, another tab) join the unfiltered grid as they are stored; `images` lists
    // every one of a job that made several, image_id is the first.
    const stopLive = onLive('job', event => {
        if (event.type !== 'stored' || !event.image_id || search) {
            return;
        }
        const ids = event.images && event.images.length
            ? event.images.map(image => image.image_id || image.id) : [event.image_id];
        Promise.all(ids.map(id => api('GET', `/images/${id}`))).then(images => {
            const added = grid.add(images, {first: true});
            if (added) {
                total += added;
                showSummary();
            }
        }, showError);
    });

    if (!params.imageId) {
        if (remembered.focus) {
            grid.focus(remembered.focus);
            remembered.focus = null;
        }
        return stopLive;
    }
    const closeLightbox = openLightbox(params.imageId, {
        items: grid.items,
        hasMore: () => grid.items().length < total,
        loadMore: () => loadPage(++remembered.pages),
        close: () => navigate(`/app/gallery${suffix}`),
        open: id => navigate(`/app/gallery/${id}${suffix}`, {replace: true}),
        closed: id => {
            remembered.focus = id;
        },
    });
    return () => {
        stopLive();
        closeLightbox();
    };
}

/** The search box and filters; `tagChoices` is a datalist of the tags seen so far, offered as the tag is typed. */
function filterForm(filters, tagChoices) {
    const field = (label, control) => h('label', {class: 'field'}, h('span', {}, label), control);
    const q = h('input', {type: 'search', name: 'q', value: filters.get('q') || '', placeholder: 'Words in the prompt'});
    const tag = h('input', {type: 'text', name: 'tag', value: filters.get('tag') || '', autocomplete: 'off',
        list: tagChoices.id});
    const model = h('select', {name: 'model'});
    const modelChoices = names => model.replaceChildren(h('option', {value: ''}, 'Any model'),
        ...names.map(name => h('option', {value: name, selected: filters.get('model') === name}, name)));
    // The models the user's own images were made with ("offline" included); the chosen one stays while they load.
    const chosenModel = filters.get('model') ? [filters.get('model')] : [];
    modelChoices(chosenModel);
    api('GET', '/images/models')
        .then(({models}) => modelChoices([...new Set([...models, ...chosenModel])].sort()))
        .catch(() => {}); // the filter keeps what it has; the grid shows any real trouble
    const sort = h('select', {name: 'sort'},
        h('option', {value: ''}, 'Default order'),
        [['newest', 'Newest first'], ['oldest', 'Oldest first'], ['relevance', 'Best match']]
            .map(([value, text]) => h('option', {value, selected: filters.get('sort') === value}, text)));
    const from = h('input', {type: 'date', name: 'from', value: filters.get('from') || ''});
    const to = h('input', {type: 'date', name: 'to', value: filters.get('to') || ''});
    const favorite = h('input', {type: 'checkbox', name: 'favorite', checked: filters.get('favorite') === 'true'});

    function apply(event) {
        event.preventDefault();
        const next = new URLSearchParams();
        for (const [name, value] of [['q', q.value.trim()], ['tag', tag.value.trim()], ['model', model.value],
            ['sort', sort.value], ['from', from.value], ['to', to.value], ['favorite', favorite.checked ? 'true' : '']]) {
            if (value) {
                next.set(name, value);
            }
        }
        navigate(next.toString() ? `/app/gallery?${next}` : '/app/gallery');
    }
    // On a phone the filters fold away unless one is in use, so the images are not a screen away.
    const narrowed = FILTERS.some(name => name !== 'q' && filters.has(name));
    const form = h('form', {class: 'filters', role: 'search', onsubmit: apply},
        h('div', {class: 'search-row'},
            field('Search', q),
            h('button', {type: 'submit', class: 'primary'}, 'Search'),
            h('button', {type: 'button', class: 'clear', onclick: () => navigate('/app/gallery')}, 'Clear')),
        h('details', {class: 'more-filters', open: narrowed || matchMedia('(min-width: 701px)').matches},
            h('summary', {}, 'Filters'),
            h('div', {class: 'filter-grid'},
                field('Tag', tag),
                tagChoices,
                field('Model', model),
                field('Order', sort),
                field('From', from),
                field('Until', to),
                h('label', {class: 'field checkbox'}, favorite, h('span', {}, 'Favourites only')))));
    // Choices apply at once; typed text waits for Enter or the Search button.
    for (const control of [model, sort, from, to, favorite]) {
        control.addEventListener('change', () => form.requestSubmit());
    }
    return form;
}

function favoriteButton(image) {
    const button = h('button', {type: 'button', class: 'favorite-toggle'});
    const show = () => {
        button.setAttribute('aria-pressed', String(image.favorite));
        button.setAttribute('aria-label', image.favorite ? 'Remove from favourites' : 'Add to favourites');
        button.textContent = image.favorite ? '★' : '☆';
    };
    button.addEventListener('click', async () => {
        button.disabled = true;
        try {
            await api(image.favorite ? 'DELETE' : 'PUT', `/images/${image.id}/favorite`);
            image.favorite = !image.favorite;
            show();
        } catch (error) {
            showError(error);
        } finally {
            button.disabled = false;
        }
    });
    show();
    return button;
}

/**
 * A grid of image tiles, each a link (to `href(image)`) around its thumbnail, followed by `extras(image)`.
 * `add` appends images, or puts them first with `{first: true}`, skipping any already shown, and answers how
 * many it added; `remove` drops one; `items` lists what is shown, in order.
 */
export function imageGrid({label, href, extras = () => null}) {
    const list = h('ul', {class: 'image-grid', 'aria-label': label});
    const shown = [];
    return {
        element: list,
        items: () => shown,
        add(images, {first = false} = {}) {
            const fresh = images.filter(image => !shown.some(known => known.id === image.id));
            const tiles = fresh.map(image => tile(image, href(image), extras(image)));
            if (first) {
                shown.unshift(...fresh);
                list.prepend(...tiles);
            } else {
                shown.push(...fresh);
                list.append(...tiles);
            }
            return fresh.length;
        },
        remove(id) {
            const index = shown.findIndex(image => image.id === id);
            if (index >= 0) {
                shown.splice(index, 1);
            }
            list.querySelector(`[data-image-id="${CSS.escape(id)}"]`)?.remove();
        },
        focus(id) {
            list.querySelector(`[data-image-id="${CSS.escape(id)}"] a`)?.focus();
        },
    };
}

function tile(image, href, extras) {
    return h('li', {class: 'tile', 'data-image-id': image.id},
        h('a', {href},
            thumbnail(image.thumbnail_url, image.original_prompt, image.background === 'transparent'),
            h('span', {class: 'tile-caption'}, image.original_prompt)),
        extras);
}

/**
 * An <img> whose authenticated bytes arrive later; `alt` describes it meanwhile. A `transparent` image is shown
 * on a checkerboard once loaded, so its transparent parts read as such.
 */
export function thumbnail(path, alt, transparent = false) {
    const img = h('img', {alt, width: 256, height: 256, loading: 'lazy'});
    imageUrl(path).then(url => {
        img.src = url;
        img.classList.toggle('checkerboard', transparent);
    }, () => img.classList.add('broken'));
    return img;
}

/** "gpt-image-2.5-sunburst", or "Ran on gpt-image-2.5-sunburst (asked for dall-e-3)" when a replacement ran. */
export function modelRun(image) {
    return image.requested_model && image.requested_model !== image.model
        ? `Ran on ${image.model} (asked for ${image.requested_model})` : image.model;
}

/**
 * A button that asks before it acts: the first press shows `question` with Yes and Cancel in its place,
 * so a slip of the finger deletes nothing.
 */
/**
 * "Rename" (swapped in place for a small form) beside a delete button, for a thread or a collection.
 * `field`: {label, name, value, maxlength}; `rename(text)` saves and answers the updated thing, which goes to
 * `renamed`; `deleteButton` is the element shown beside "Rename" (usually a confirmButton).
 */
export function renameActions({renameLabel = 'Rename', field, rename, renamed, deleteButton}) {
    const box = h('div', {class: 'actions'});
    function buttons() {
        box.replaceChildren(h('button', {type: 'button', onclick: renameForm, 'aria-label': renameLabel}, 'Rename'),
            deleteButton);
    }
    function renameForm() {
        const input = h('input', {type: 'text', name: field.name, value: field.value(), required: true,
            maxlength: field.maxlength});
        async function save(event) {
            event.preventDefault();
            try {
                const updated = await rename(input.value.trim());
                buttons();
                await renamed(updated);
            } catch (error) {
                showError(error);
                input.focus();
            }
        }
        box.replaceChildren(h('form', {class: 'inline-form', onsubmit: save},
            h('label', {}, h('span', {}, field.label), input),
            h('button', {type: 'submit', class: 'primary'}, 'Save'),
            h('button', {type: 'button', onclick: buttons}, 'Cancel')));
        input.focus();
        input.select();
    }
    buttons();
    return box;
}

export function confirmButton(label, question, action, confirmLabel = label) {
    const box = h('span', {class: 'confirm'});
    const ask = h('button', {type: 'button', class: 'danger', onclick: showQuestion}, label);
    function showQuestion() {
        const yes = h('button', {type: 'button', class: 'danger', onclick: confirmed}, confirmLabel);
        box.replaceChildren(h('span', {role: 'alert'}, question), yes,
            h('button', {type: 'button', onclick: reset}, 'Cancel'));
        yes.focus();
    }
    function reset() {
        box.replaceChildren(ask);
        ask.focus();
    }
    async function confirmed(event) {
        event.currentTarget.disabled = true;
        try {
            await action();
        } catch (error) {
            showError(error);
            reset();
        }
    }
    box.append(ask);
    return box;
}

/** "A cute Puppy, in a garden!" → "a-cute-puppy-in-a-garden", as the gallery names its downloads. */
function slug(prompt) {
    const words = (prompt || '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    return words.slice(0, 60).replace(/-+$/, '') || 'image';
}

function openLightbox(imageId, gallery) {
    const body = h('div', {class: 'lightbox-body'}, h('p', {}, 'Loading…'));
    const title = h('h2', {id: 'lightbox-title'}, 'Image');
    const top = h('div', {class: 'lightbox-top'},
        h('div', {class: 'lightbox-header'}, title,
            h('button', {type: 'button', class: 'close', 'aria-label': 'Close', onclick: gallery.close}, '×')));
    const dialog = h('dialog', {class: 'lightbox', 'aria-labelledby': 'lightbox-title'}, top, body);
    // A modal dialog hides the rest of the page, the app's message area too: lend that area to the dialog.
    const messages = document.getElementById('messages');
    const messagesHome = messages && {parent: messages.parentNode, next: messages.nextSibling};
    document.body.append(dialog);
    dialog.showModal();
    if (messages) {
        top.append(messages);
    }
    let leaving = false;
    dialog.addEventListener('cancel', event => {
        // Escape: leave through the router, so Back and the address bar agree with what is shown.
        event.preventDefault();
        gallery.close();
    });

    async function step(direction) {
        const items = gallery.items();
        const index = items.findIndex(image => image.id === imageId) + direction;
        if (index >= items.length && gallery.hasMore()) {
            await gallery.loadMore();
        }
        const next = gallery.items()[index];
        if (index >= 0 && next) {
            gallery.open(next.id);
        }
    }
    dialog.addEventListener('keydown', event => {
        if (event.target.closest('input, textarea, select')) {
            return;
        }
        if (event.key === 'ArrowRight') {
            event.preventDefault();
            step(1);
        } else if (event.key === 'ArrowLeft') {
            event.preventDefault();
            step(-1);
        }
    });

    api('GET', `/images/${imageId}`).then(image => {
        title.textContent = image.original_prompt;
        body.replaceChildren(...lightboxContent(image, {
            step,
            deleted: () => {
                leaving = true;
                gallery.close();
                showNotice('The image was deleted.');
            },
        }));
    }, error => {
        body.replaceChildren(h('p', {class: 'problem'}, error.status === 404
            ? 'This image does not exist or was deleted.' : error.message));
        showError(error);
    });

    return () => {
        if (messagesHome) {
            messagesHome.parent.insertBefore(messages, messagesHome.next);
        }
        dialog.close();
        dialog.remove();
        if (!leaving) {
            gallery.closed(imageId);
        }
    };
}

function lightboxContent(image, {step, deleted}) {
    const full = h('img', {class: 'full', alt: image.revised_prompt || image.original_prompt,
        width: image.width, height: image.height});
    imageUrl(image.image_url).then(url => {
        full.src = url;
        full.classList.toggle('checkerboard', image.background === 'transparent');
    }, showError);
    const row = (name, value) => value === null || value === undefined || value === '' ? null
        : [h('dt', {}, name), h('dd', {}, value)];
    return [
        h('figure', {class: 'lightbox-figure'},
            h('button', {type: 'button', class: 'step previous', 'aria-label': 'Previous image', onclick: () => step(-1)}, '‹'),
            full,
            h('button', {type: 'button', class: 'step next', 'aria-label': 'Next image', onclick: () => step(1)}, '›')),
        h('div', {class: 'lightbox-details'},
            h('dl', {class: 'metadata'},
                row('Prompt', image.original_prompt),
                row('Revised prompt', image.revised_prompt),
                row('Model', modelRun(image)),
                row('Size', image.size),
                row('Quality', image.quality),
                row('Style', image.style),
                row('Background', image.background),
                row('Format', image.content_type ? image.content_type.replace(/^image\//, '') : null),
                row('Cost', formatCost(image.generation_cost)),
                row('Created', new Date(image.created_at).toLocaleString())),
            h('div', {class: 'actions'},
                favoriteButton(image),
                downloadForm(image),
                confirmButton('Delete', 'Delete this image for good?', async () => {
                    await api('DELETE', `/images/${image.id}`);
                    deleted();
                }, 'Yes, delete')),
            tagEditor(image),
            sharePanel(image),
            collectionPicker(image),
            reportPanel(image)),
    ];
}

function downloadForm(image) {
    const format = h('select', {name: 'format'},
        FORMATS.map(([value, text]) => h('option', {value, selected: image.content_type === `image/${value}`}, text)));
    async function download(event) {
        event.preventDefault();
        const [value, , extension] = FORMATS.find(([name]) => name === format.value);
        try {
            const url = await imageUrl(`${image.image_url}?format=${value}`);
            const link = h('a', {href: url, download: `${slug(image.original_prompt)}.${extension}`, hidden: true});
            document.body.append(link);
            link.click();
            link.remove();
        } catch (error) {
            showError(error);
        }
    }
    return h('form', {class: 'download', onsubmit: download},
        h('label', {}, h('span', {class: 'visually-hidden'}, 'Download format'), format),
        h('button', {type: 'submit'}, 'Download'));
}

function tagEditor(image) {
    const list = h('ul', {class: 'tags', 'aria-label': 'Tags'});
    const input = h('input', {type: 'text', name: 'tag', maxlength: 50, autocomplete: 'off'});
    async function save(tags) {
        try {
            const updated = await api('PUT', `/images/${image.id}/tags`, {tags});
            image.tags = updated.tags;
            show();
            return true;
        } catch (error) {
            showError(error);
            return false;
        }
    }
    function show() {
        list.replaceChildren(...image.tags.map(tag => h('li', {class: 'tag'}, tag,
            h('button', {type: 'button', 'aria-label': `Remove tag ${tag}`,
                onclick: () => save(image.tags.filter(other => other !== tag))}, '×'))));
    }
    async function add(event) {
        event.preventDefault();
        const fresh = input.value.split(',').map(tag => tag.trim()).filter(Boolean);
        if (fresh.length && await save([...image.tags, ...fresh])) {
            input.value = '';
        }
        input.focus();
    }
    show();
    return h('section', {class: 'tag-editor', 'aria-label': 'Tags'},
        h('h3', {}, 'Tags'),
        list,
        h('form', {class: 'inline-form', onsubmit: add},
            h('label', {}, h('span', {}, 'New tag'), input),
            h('button', {type: 'submit'}, 'Add tag')));
}

/** "Report image" unfolds a small form: a reason, an optional note; sending it folds the form away again. */
function reportPanel(image) {
    const reason = h('select', {id: 'report-reason', name: 'reason', required: true},
        REPORT_REASONS.map(([value, text]) => h('option', {value}, text)));
    const counter = h('span', {id: 'report-note-count', class: 'hint'});
    const note = h('textarea', {id: 'report-note', name: 'note', maxlength: NOTE_MAX, rows: 3,
        'aria-describedby': 'report-note-count', oninput: count});
    function count() {
        counter.textContent = `${note.value.length} / ${NOTE_MAX} characters`;
    }
    const form = h('form', {id: 'report-form', class: 'report-form', hidden: true, onsubmit: send},
        h('div', {class: 'field'}, h('label', {for: 'report-reason'}, 'Reason'), reason),
        h('div', {class: 'field'}, h('label', {for: 'report-note'}, 'Note (optional)'), note, counter),
        h('div', {class: 'actions'},
            h('button', {type: 'submit', class: 'danger'}, 'Send report'),
            h('button', {type: 'button', onclick: () => fold(true)}, 'Cancel')));
    const toggle = h('button', {type: 'button', class: 'report-toggle', 'aria-expanded': 'false',
        'aria-controls': 'report-form', onclick: () => fold(!form.hidden)}, 'Report image');
    function fold(closed) {
        form.hidden = closed;
        toggle.setAttribute('aria-expanded', String(!closed));
        (closed ? toggle : reason).focus();
    }
    async function send(event) {
        event.preventDefault();
        const button = form.querySelector('button[type=submit]');
        button.disabled = true;
        try {
            const body = {reason: reason.value};
            if (note.value.trim()) {
                body.note = note.value.trim();
            }
            await api('POST', `/images/${image.id}/report`, body);
            note.value = '';
            count();
            fold(true);
            showNotice('Thank you: the report was sent to the moderators.');
        } catch (error) {
            showError(error);
        } finally {
            button.disabled = false;
        }
    }
    count();
    return h('section', {class: 'report', 'aria-label': 'Report'}, toggle, form);
}

/** The image's share link as the API reports it (`image.share`): create one, or copy and revoke the live one. */
function sharePanel(image) {
    const panel = h('section', {class: 'share', 'aria-label': 'Sharing'});
    function notShared() {
        panel.replaceChildren(h('h3', {}, 'Share'),
            h('p', {}, 'A share link shows this image to anyone who has it, without logging in.'),
            h('button', {type: 'button', onclick: create}, 'Create share link'));
    }
    async function create() {
        try {
            image.share = await api('POST', `/images/${image.id}/share`);
            shared();
            panel.querySelector('.share-url').focus();
        } catch (error) {
            showError(error);
        }
    }
    function shared() {
        const field = h('input', {type: 'url', class: 'share-url', value: new URL(image.share.url, location.origin).href,
            readOnly: true, onfocus: event => event.target.select()});
        panel.replaceChildren(h('h3', {}, 'Share'),
            h('p', {class: 'share-status'}, `Shared — since ${new Date(image.share.created_at).toLocaleString()}, `
                + 'anyone with the link can see this image.'),
            h('label', {}, h('span', {}, 'Public link'), field),
            h('div', {class: 'actions'},
                h('button', {type: 'button', onclick: () => copy(field)}, 'Copy link'),
                confirmButton('Revoke link', 'Stop this link from working?', async () => {
                    await api('DELETE', `/images/${image.id}/share`);
                    image.share = null;
                    showNotice('The share link no longer works.');
                    notShared();
                    panel.querySelector('button').focus();
                }, 'Yes, revoke')));
    }
    if (image.share) {
        shared();
    } else {
        notShared();
    }
    return panel;
}

async function copy(field) {
    try {
        await navigator.clipboard.writeText(field.value);
    } catch (ignored) {
        // Without clipboard permission the selected text is still there to copy by hand.
        field.select();
        document.execCommand('copy');
    }
    showNotice('Link copied.');
}

/** Which of the user's collections hold the image (`image.collections`, as the API reports it), and changing that. */
function collectionPicker(image) {
    const choice = h('select', {name: 'collection'});
    const name = h('input', {type: 'text', name: 'collection-name', maxlength: 100, autocomplete: 'off'});
    const membership = h('p', {class: 'in-collections', 'aria-live': 'polite'});
    function showMembership() {
        membership.textContent = image.collections.length
            ? `In collections: ${image.collections.map(collection => collection.name).join(', ')}`
            : 'Not in any collection yet.';
    }
    const panel = h('section', {class: 'collection-picker', 'aria-label': 'Collections'},
        h('h3', {}, 'Collections'),
        membership,
        h('form', {class: 'inline-form', onsubmit: event => change(event, 'PUT')},
            h('label', {}, h('span', {}, 'Collection'), choice),
            h('button', {type: 'submit'}, 'Add to collection'),
            h('button', {type: 'button', onclick: event => change(event, 'DELETE')}, 'Remove from collection')),
        h('form', {class: 'inline-form', onsubmit: createAndAdd},
            h('label', {}, h('span', {}, 'New collection'), name),
            h('button', {type: 'submit'}, 'Create and add')));
    let collections = [];
    async function refresh(selected) {
        try {
            collections = (await api('GET', '/collections')).items;
        } catch (error) {
            showError(error);
        }
        choice.replaceChildren(...(collections.length ? collections.map(collection =>
            h('option', {value: collection.id, selected: collection.id === selected},
                `${collection.name} (${collection.image_count})`))
            : [h('option', {value: ''}, 'No collections yet')]));
    }
    /** After a change, the server's word on where the image now is, and the collections' new counts. */
    async function changed(selected) {
        try {
            image.collections = (await api('GET', `/images/${image.id}`)).collections;
        } catch (error) {
            showError(error);
        }
        showMembership();
        await refresh(selected);
    }
    async function change(event, method) {
        event.preventDefault();
        const collection = collections.find(known => known.id === choice.value);
        if (!collection) {
            showError(new Error('Create a collection first.'));
            return;
        }
        try {
            await api(method, `/collections/${collection.id}/images/${image.id}`);
            showNotice(method === 'PUT' ? `Added to “${collection.name}”.` : `Removed from “${collection.name}”.`);
            await changed(collection.id);
        } catch (error) {
            showError(error);
        }
    }
    async function createAndAdd(event) {
        event.preventDefault();
        try {
            const created = await api('POST', '/collections', {name: name.value.trim()});
            await api('PUT', `/collections/${created.id}/images/${image.id}`);
            name.value = '';
            showNotice(`Added to the new collection “${created.name}”.`);
            await changed(created.id);
        } catch (error) {
            showError(error);
        }
    }
    showMembership();
    // Preselected: a collection the image is in, so "Remove from collection" is one press away.
    refresh(image.collections[0]?.id);
    return panel;
}

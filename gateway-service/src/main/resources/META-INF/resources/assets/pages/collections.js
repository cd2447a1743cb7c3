// Collections: the list with counts and covers (/app/collections) and one collection's images
// (/app/collections/:id); create, rename, delete, and take an image out of a collection.
import {api} from '../api.js';
import {h, navigate, showError, showNotice} from '../ui.js';
import {confirmButton, imageGrid, renameActions, thumbnail} from './gallery.js';

const PAGE_SIZE = 24;

export default async function render(root, params) {
    if (params.id) {
        await renderCollection(root, params.id);
    } else {
        await renderList(root);
    }
}

async function renderList(root) {
    const list = h('ul', {class: 'collection-list', 'aria-label': 'Your collections'});
    const name = h('input', {type: 'text', name: 'name', required: true, maxlength: 100, autocomplete: 'off'});
    const description = h('input', {type: 'text', name: 'description', maxlength: 2000, autocomplete: 'off'});
    async function create(event) {
        event.preventDefault();
        try {
            const created = await api('POST', '/collections',
                {name: name.value.trim(), description: description.value.trim() || null});
            showNotice(`Collection “${created.name}” created.`);
            name.value = '';
            description.value = '';
            await load();
        } catch (error) {
            showError(error);
        }
        name.focus();
    }
    async function load() {
        try {
            const {items} = await api('GET', '/collections');
            list.replaceChildren(...items.map(collection => collectionCard(collection, load)));
            if (!items.length) {
                list.append(h('li', {class: 'empty'}, 'No collections yet. Create one above, or add an image to a new '
                    + 'collection from the gallery.'));
            }
        } catch (error) {
            showError(error);
        }
    }
    root.append(h('section', {class: 'page collections-page'},
        h('h1', {}, 'Collections'),
        h('form', {class: 'card create-collection', onsubmit: create},
            h('h2', {}, 'New collection'),
            h('div', {class: 'fields'},
                h('label', {class: 'field'}, h('span', {}, 'Name'), name),
                h('label', {class: 'field'}, h('span', {}, 'Description (optional)'), description)),
            h('button', {type: 'submit', class: 'primary'}, 'Create collection')),
        list));
    await load();
}

function collectionCard(collection, reload) {
    const href = `/app/collections/${collection.id}`;
    const cover = collection.cover_thumbnail_url ? thumbnail(collection.cover_thumbnail_url, '')
        : h('span', {class: 'cover-empty', 'aria-hidden': 'true'}, '▦');
    const card = h('li', {class: 'collection-card', 'data-collection-id': collection.id},
        h('a', {href, class: 'cover'}, cover,
            h('span', {class: 'collection-name'}, collection.name),
            h('span', {class: 'collection-count'}, count(collection.image_count))),
        collection.description ? h('p', {class: 'collection-description'}, collection.description) : null,
        collectionActions(collection, {renamed: reload, deleted: reload}));
    return card;
}

function count(images) {
    return images === 1 ? '1 image' : `${images} images`;
}

/** Rename (in place, as a small form) and delete (after a confirmation) for one collection. */
function collectionActions(collection, {renamed, deleted}) {
    return renameActions({
        renameLabel: `Rename ${collection.name}`,
        field: {label: 'New name', name: 'name', value: () => collection.name, maxlength: 100},
        rename: async name => {
            const updated = await api('PATCH', `/collections/${collection.id}`, {name});
            showNotice(`Renamed to “${updated.name}”.`);
            collection.name = updated.name;
            return updated;
        },
        renamed,
        deleteButton: confirmButton('Delete', `Delete “${collection.name}”? Its images stay in the gallery.`, async () => {
            await api('DELETE', `/collections/${collection.id}`);
            await deleted();
            showNotice(`Collection “${collection.name}” deleted.`);
        }, 'Yes, delete'),
    });
}

async function renderCollection(root, id) {
    let collection;
    try {
        collection = await api('GET', `/collections/${id}`);
    } catch (error) {
        root.append(h('h1', {}, 'Collection'), h('p', {}, error.status === 404
            ? 'This collection does not exist or was deleted. ' : '', h('a', {href: '/app/collections'}, 'All collections')));
        showError(error);
        return;
    }
    const heading = h('h1', {}, collection.name);
    const summary = h('p', {class: 'result-count', 'aria-live': 'polite'});
    let total = 0;
    let page = 0;
    const grid = imageGrid({
        label: `Images in ${collection.name}`,
        href: image => `/app/gallery/${image.id}`,
        extras: image => h('button', {type: 'button', class: 'remove-from-collection',
            'aria-label': `Remove from ${collection.name}: ${image.original_prompt}`,
            onclick: async () => {
                try {
                    await api('DELETE', `/collections/${id}/images/${image.id}`);
                    grid.remove(image.id);
                    total -= 1;
                    showSummary();
                    showNotice('Removed from the collection; it stays in the gallery.');
                } catch (error) {
                    showError(error);
                }
            }}, 'Remove'),
    });
    const more = h('button', {type: 'button', class: 'load-more', hidden: true, onclick: loadPage}, 'Load more');
    function showSummary() {
        summary.textContent = total === 0 ? 'No images in this collection yet: add some from the gallery.'
            : `Showing ${grid.items().length} of ${count(total)}.`;
        more.hidden = grid.items().length >= total;
    }
    async function loadPage() {
        more.disabled = true;
        try {
            const result = await api('GET', `/collections/${id}/images?page=${page + 1}&size=${PAGE_SIZE}`);
            page += 1;
            total = result.total;
            grid.add(result.items);
        } catch (error) {
            showError(error);
        } finally {
            more.disabled = false;
            showSummary();
        }
    }
    root.append(h('section', {class: 'page collection-page'},
        h('p', {class: 'breadcrumb'}, h('a', {href: '/app/collections'}, '← All collections')),
        heading,
        collection.description ? h('p', {class: 'collection-description'}, collection.description) : null,
        collectionActions(collection, {
            renamed: updated => {
                heading.textContent = updated.name;
            },
            deleted: () => navigate('/app/collections'),
        }),
        summary,
        grid.element,
        more));
    await loadPage();
}

// Usage: where the user stands against their daily and monthly limits, and this month day by day.
import {api} from '../api.js';
import {onLive} from '../live.js';
import {formatCost, h} from '../ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const CHART = {width: 640, height: 180, left: 32, bottom: 24, top: 12};

function svg(tag, attrs, ...children) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs || {})) {
        element.setAttribute(name, String(value));
    }
    element.append(...children);
    return element;
}

/** Every UTC day of this month up to today, with the API's counts where it has some. */
function monthDays(byDay) {
    const known = new Map(byDay.map(day => [day.date, day]));
    const today = new Date().toISOString().slice(0, 10);
    const days = [];
    for (let day = 1; ; day++) {
        const date = `${today.slice(0, 8)}${String(day).padStart(2, '0')}`;
        days.push(known.get(date) || {date, images: 0, cost: 0});
        if (date >= today) {
            break;
        }
    }
    return days;
}

function meter(id, label, value, max, text) {
    return h('div', {class: 'stat'},
        h('dt', {}, h('label', {for: id}, label)),
        h('dd', {}, h('span', {id: `${id}-text`}, text),
            h('meter', {id, min: 0, max: Math.max(Number(max), 0.0001), value: Number(value),
                high: Number(max) * 0.8, optimum: 0})));
}

function chart(days) {
    const {width, height, left, bottom, top} = CHART;
    const most = Math.max(1, ...days.map(day => day.images));
    const plotHeight = height - bottom - top;
    const step = (width - left) / days.length;
    const total = days.reduce((sum, day) => sum + day.images, 0);
    const busiest = days.reduce((best, day) => (day.images > best.images ? day : best), days[0]);
    const summary = total === 0 ? 'No images this month yet.'
        : `${total} ${total === 1 ? 'image' : 'images'} this month; the busiest day was ${busiest.date} with ${busiest.images}.`;
    const bars = days.map((day, i) => {
        const barHeight = (day.images / most) * plotHeight;
        const x = left + i * step + step * 0.15;
        return svg('rect', {x: x.toFixed(1), y: (top + plotHeight - barHeight).toFixed(1),
            width: (step * 0.7).toFixed(1), height: barHeight.toFixed(1), class: 'bar'},
        svg('title', {}, `${day.date}: ${day.images} ${day.images === 1 ? 'image' : 'images'}, ${formatCost(day.cost)}`));
    });
    // Day 1, every fifth day, and today unless that would crowd the fifth day's label.
    const labels = days.map((day, i) => (i === 0 || (i + 1) % 5 === 0 || (i === days.length - 1 && days.length % 5 >= 3))
        ? svg('text', {x: (left + i * step + step / 2).toFixed(1), y: height - 6, class: 'axis', 'text-anchor': 'middle'},
            String(Number(day.date.slice(8))))
        : null).filter(Boolean);
    return h('figure', {class: 'chart'},
        svg('svg', {viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'chart-title chart-desc',
            class: 'usage-chart'},
        svg('title', {id: 'chart-title'}, 'Images per day this month'),
        svg('desc', {id: 'chart-desc'}, summary),
        svg('line', {x1: left, x2: width, y1: top + plotHeight, y2: top + plotHeight, class: 'baseline'}),
        svg('text', {x: left - 6, y: top + 4, class: 'axis', 'text-anchor': 'end'}, String(most)),
        svg('text', {x: left - 6, y: top + plotHeight, class: 'axis', 'text-anchor': 'end'}, '0'),
        ...bars, ...labels),
        h('figcaption', {id: 'chart-summary'}, summary));
}

const integers = new Intl.NumberFormat('en-US');

/** Whether the API counted tokens here: token-billed models report them, per-image ones do not. */
function hasTokens(usage) {
    return usage.input_tokens !== undefined && usage.input_tokens !== null
        || usage.output_tokens !== undefined && usage.output_tokens !== null;
}

/** "1,234 in · 5,678 out". */
function tokens(usage) {
    return `${integers.format(usage.input_tokens || 0)} in · ${integers.format(usage.output_tokens || 0)} out`;
}

function table(days) {
    const withTokens = days.some(hasTokens);
    return h('details', {class: 'chart-table'},
        h('summary', {}, 'Show the days as a table'),
        h('div', {class: 'table-wrap'}, h('table', {},
            h('caption', {class: 'visually-hidden'}, 'Images and spend per day this month'),
            h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Day (UTC)'),
                h('th', {scope: 'col', class: 'number'}, 'Images'), h('th', {scope: 'col', class: 'number'}, 'Spend'),
                withTokens ? h('th', {scope: 'col', class: 'number'}, 'Tokens') : null)),
            h('tbody', {}, days.map(day => h('tr', {},
                h('th', {scope: 'row'}, day.date), h('td', {class: 'number'}, day.images),
                h('td', {class: 'number'}, formatCost(day.cost)),
                withTokens ? h('td', {class: 'number'}, hasTokens(day) ? tokens(day) : '–') : null))))));
}

export default async function render(root) {
    const body = h('div', {id: 'usage'}, h('p', {class: 'loading'}, 'Loading your usage…'));
    root.append(h('h1', {}, 'Usage'), body);

    async function load() {
        const usage = await api('GET', '/usage/me');
        const days = monthDays(usage.by_day || []);
        body.replaceChildren(
            h('section', {class: 'card', 'aria-labelledby': 'limits-heading'},
                h('h2', {id: 'limits-heading'}, 'Against your limits'),
                h('dl', {class: 'stats'},
                    meter('images-today', 'Images today', usage.images_today, usage.daily_limit,
                        `${usage.images_today} of ${usage.daily_limit}`),
                    meter('month-spend', 'Spent this month', usage.month_spend, usage.monthly_limit,
                        `${formatCost(usage.month_spend)} of ${formatCost(usage.monthly_limit)}`),
                    h('div', {class: 'stat'}, h('dt', {}, 'Reserved for running jobs'),
                        h('dd', {id: 'reserved'}, formatCost(usage.reserved))),
                    hasTokens(usage) ? h('div', {class: 'stat'}, h('dt', {}, 'Tokens this month'),
                        h('dd', {id: 'tokens'}, tokens(usage))) : null)),
            h('section', {class: 'card', 'aria-labelledby': 'days-heading'},
                h('h2', {id: 'days-heading'}, 'This month by day'),
                chart(days), table(days)));
    }

    await load();
    // A job that finishes elsewhere (another tab, the chat) changes the numbers.
    const stopJobs = onLive('job', event => {
        if (['stored', 'failed', 'cancelled'].includes(event.type)) {
            load().catch(() => {});
        }
    });
    const stopReconnect = onLive('reconnected', () => load().catch(() => {}));
    return () => {
        stopJobs();
        stopReconnect();
    };
}

import {login} from '../api.js';
import {accountForm} from './account-form.js';

export default async function render(root, params) {
    accountForm(root, params, {
        heading: 'Log in', action: 'login', submitLabel: 'Log in', submit: login,
        other: {text: 'No account yet?', label: 'Sign up', href: '/app/register'},
    });
}

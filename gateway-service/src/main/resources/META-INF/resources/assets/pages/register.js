import {register} from '../api.js';
import {accountForm} from './account-form.js';

export default async function render(root, params) {
    accountForm(root, params, {
        heading: 'Sign up', action: 'register', submitLabel: 'Create account', submit: register,
        passwordHint: 'At least 8 characters.',
        other: {text: 'Already have an account?', label: 'Log in', href: '/app/login'},
    });
}

/*
 * Vietnamese-aware replacement for the admin's URLify, used by prepopulated slug fields.
 * Same rule as core.text.slugify_vi on the server: fold diacritics (đ -> d, and the look-alike ð),
 * lowercase, join runs of letters and digits with hyphens, cut at maxLength.
 */
'use strict';
(function () {
    function slugifyVi(value, maxLength) {
        let folded = String(value).normalize('NFD').replace(/[đð]/g, 'd').replace(/[ĐÐ]/g, 'D');
        folded = folded.replace(/\p{M}/gu, '').toLowerCase();
        let slug = folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
        return slug.substring(0, maxLength || 200).replace(/-+$/g, '');
    }
    window.slugifyVi = slugifyVi;
    window.URLify = function (s, numChars) {
        return slugifyVi(s, numChars);
    };
}());

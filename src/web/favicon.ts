/** Skydeck's icon: a sun behind a cloud. Served so browsers stop asking for a /favicon.ico that is not there. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<circle cx="20" cy="11" r="7" fill="#f59e0b"/>
<path d="M8 27a6 6 0 0 1 0-12 8 8 0 0 1 15 2 5 5 0 0 1 1 10z" fill="#2563eb"/>
</svg>
`;

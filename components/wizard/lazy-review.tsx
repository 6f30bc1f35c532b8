import dynamic from "next/dynamic";

/**
 * The review step's summary, share link and download, loaded when there is a plan to review: the first
 * step does not need its code. Rendered on the server too (a plan that is complete in the address), so
 * the HTML stays complete.
 */
export const Review = dynamic(() => import("./review").then((module) => module.Review));

// How many successors the split form offers; a slot left without a name (or unit) is not one.
export const SPLIT_SLOTS = 3;

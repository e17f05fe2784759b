/** `T`, checked to implement the port `P` (of app/ports/): a missing or changed method fails here. */
export type Implements<T extends P, P> = T;

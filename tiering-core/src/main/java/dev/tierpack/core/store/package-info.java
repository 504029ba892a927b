/** Local state directories: locked homes whose live database generation is switched atomically. */
package dev.tierpack.core.store;

import { openDatabaseOrExit } from "@/lib/cli";

const database = await openDatabaseOrExit();
console.log(`Migrations applied to the ${database.where}.`);
await database.close();

import { TabSkeleton } from "@/components/shell/skeletons";

// Below the channel layout: its header and tabs stay while the tab loads.
export default TabSkeleton;
